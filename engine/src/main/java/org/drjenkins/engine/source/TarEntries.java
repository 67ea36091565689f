package org.drjenkins.engine.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar headers from what the file system says about one path, never following a symbolic link. */
final class TarEntries {

    enum Kind {
        FILE("file", 0100000), DIR("dir", 040000), SYMLINK("symlink", 0120000);

        private final String metadataName;
        private final int typeBits;

        Kind(String metadataName, int typeBits) {
            this.metadataName = metadataName;
            this.typeBits = typeBits;
        }

        String metadataName() {
            return metadataName;
        }
    }

    private TarEntries() {
    }

    /**
     * The header for {@code path}, stored as {@code name} (relative, '/'-separated). A file's size is passed in by the
     * caller, who took it from the open file so header and content agree.
     */
    static TarArchiveEntry entry(Path path, String name, Kind kind, long size) throws IOException {
        TarArchiveEntry entry = switch (kind) {
            case FILE -> new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            case DIR -> new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            case SYMLINK -> new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        };
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        entry.setMode(kind.typeBits | permissionBits(path, attributes.permissions()));
        // Whole seconds as GNU tar stores them: sub-second times would add a PAX header to every entry.
        entry.setModTime(FileTime.from(attributes.lastModifiedTime().to(TimeUnit.SECONDS), TimeUnit.SECONDS));
        entry.setUserName(attributes.owner().getName());
        entry.setGroupName(attributes.group().getName());
        Map<String, Object> ids = unixIds(path);
        if (ids != null) {
            entry.setUserId(((Number) ids.get("uid")).longValue());
            entry.setGroupId(((Number) ids.get("gid")).longValue());
        }
        if (kind == Kind.FILE) {
            entry.setSize(size);
        }
        if (kind == Kind.SYMLINK) {
            entry.setLinkName(Files.readSymbolicLink(path).toString());
        }
        return entry;
    }

    /** The entry as recorded in the manifest, so a restore can compare what it extracted. */
    static Map<String, Object> metadata(TarArchiveEntry entry, String name, Kind kind) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", name);
        map.put("type", kind.metadataName());
        map.put("size", entry.getSize());
        map.put("mode", octal(entry.getMode()));
        if (kind == Kind.SYMLINK) {
            map.put("linkTarget", entry.getLinkName());
        }
        return map;
    }

    /** Permission bits as four octal digits, the way {@code stat -c %a} pads them: "0644", "4755". */
    static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** Setuid, setgid and sticky bits come only from the "unix" view; the POSIX view has the nine rwx bits. */
    private static int permissionBits(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            return ((Number) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue() & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Integer.parseInt(rwxToOctal(PosixFilePermissions.toString(permissions)), 8);
        }
    }

    private static String rwxToOctal(String rwx) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 9; i += 3) {
            int digit = (rwx.charAt(i) == 'r' ? 4 : 0) + (rwx.charAt(i + 1) == 'w' ? 2 : 0) + (rwx.charAt(i + 2) == 'x' ? 1 : 0);
            digits.append(digit);
        }
        return digits.toString();
    }

    private static Map<String, Object> unixIds(Path path) throws IOException {
        try {
            return Files.readAttributes(path, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
