package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a tar stream into a scratch directory and refuses any entry that would land outside it: {@code ..}
 * components, absolute names, and symbolic links whose target is absolute or climbs out. A hostile or corrupted
 * archive must never write over the machine that verifies it.
 */
public final class SafeTarExtractor {

    /** One extracted entry as restore compares it with the manifest. */
    public record Extracted(String path, String type, long size, String mode, String linkTarget) {
    }

    private SafeTarExtractor() {
    }

    public static List<Extracted> extract(InputStream tar, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Extracted> extracted = new ArrayList<>();
        // Directory modes are applied last: a read-only directory must still receive its entries first.
        List<Map.Entry<Path, Integer>> directoryModes = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = stripTrailingSlash(entry.getName());
                Path target = resolveInside(root, name);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    directoryModes.add(Map.entry(target, entry.getMode()));
                    extracted.add(new Extracted(name, "dir", 0, octal(entry.getMode()), null));
                } else if (entry.isSymbolicLink()) {
                    checkLinkStaysInside(root, target, name, entry.getLinkName());
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    extracted.add(new Extracted(name, "symlink", 0, octal(entry.getMode()), entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(target.getParent());
                    if (Files.isSymbolicLink(target.getParent()) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new UnsafeArchiveException(name + ": refusing to write through a link or over an existing entry");
                    }
                    long size = Files.copy(in, target);
                    setMode(target, entry.getMode());
                    extracted.add(new Extracted(name, "file", size, octal(entry.getMode()), null));
                } else {
                    throw new UnsafeArchiveException(name + ": unsupported tar entry type (only files, directories and symlinks are backed up)");
                }
            }
        }
        for (int i = directoryModes.size() - 1; i >= 0; i--) {
            setMode(directoryModes.get(i).getKey(), directoryModes.get(i).getValue());
        }
        return extracted;
    }

    static Path resolveInside(Path root, String name) throws UnsafeArchiveException {
        if (name.isEmpty() || name.startsWith("/") || Path.of(name).isAbsolute()) {
            throw new UnsafeArchiveException(name + ": absolute path in archive refused");
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeArchiveException(name + ": '..' in archive path refused");
            }
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
            throw new UnsafeArchiveException(name + ": path escapes the restore directory");
        }
        return target;
    }

    private static void checkLinkStaysInside(Path root, Path link, String name, String linkTarget) throws UnsafeArchiveException {
        if (linkTarget.startsWith("/")) {
            throw new UnsafeArchiveException(name + ": symlink to absolute path " + linkTarget + " refused");
        }
        Path resolved = link.getParent().resolve(linkTarget).normalize();
        if (!resolved.startsWith(root)) {
            throw new UnsafeArchiveException(name + ": symlink to " + linkTarget + " points outside the restore directory");
        }
    }

    private static String stripTrailingSlash(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    private static void setMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(path, permissions);
    }
}
