package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a tar stream into a scratch directory and refuses any entry that would land outside it: {@code ..}
 * components, absolute names, and any entry whose path goes through (or over) a symbolic link extracted earlier. A
 * hostile or corrupted archive must never write over the machine that verifies it.
 * <p>
 * For a file tree ({@link Links#AS_STORED}) symbolic links are recreated as links, with their target as stored, and
 * never followed while extracting (as GNU tar and bsdtar do): a link to {@code /etc/x}, to {@code ../x} or to nothing
 * is harmless as long as nothing is written or resolved through it, and configuration trees are full of them. What a
 * link could do, let a later entry escape ({@code link -> /etc}, then {@code link/passwd}), is what the path check
 * refuses. For a tree a program will then run in and follow links of ({@link Links#INSIDE_ONLY}, a PostgreSQL data
 * directory), a link must also resolve inside the tree.
 */
public final class SafeTarExtractor {

    /** Linux gives up after 40 links in one lookup (ELOOP); so do we. */
    private static final int MAX_LINK_HOPS = 40;

    /** What symbolic links of the archive may point at. */
    public enum Links {
        /** Anything, absolute, outward or dangling: links are only recreated, and nothing is written through them. */
        AS_STORED,
        /** Only inside the tree, resolved as the kernel would: for a tree a server will run in and follow links of. */
        INSIDE_ONLY
    }

    /** One extracted entry as restore compares it with the manifest. */
    public record Extracted(String path, String type, long size, String mode, String linkTarget) {
    }

    private SafeTarExtractor() {
    }

    /** A file tree: links are recreated as stored. */
    public static List<Extracted> extract(InputStream tar, Path into) throws IOException {
        return extract(tar, into, Links.AS_STORED);
    }

    public static List<Extracted> extract(InputStream tar, Path into, Links policy) throws IOException {
        return extract(tar, into, policy, false);
    }

    /**
     * @param owners also give every entry the owner and group stored in the archive (by name, else by number): only
     *               root may, and a real restore as root must, or a restored tree would belong to root
     */
    public static List<Extracted> extract(InputStream tar, Path into, Links policy, boolean owners) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Extracted> extracted = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        // Directory modes are applied last: a read-only directory must still receive its entries first.
        List<Map.Entry<Path, Integer>> directoryModes = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = stripTrailingSlash(entry.getName());
                Path target = resolveInside(root, name);
                refuseLinksOnTheWay(root, target, name);
                if (target.equals(root)) {
                    if (entry.isDirectory()) {
                        continue; // "./" as GNU tar writes it: the restore directory itself, which exists
                    }
                    throw new UnsafeArchiveException(name + ": an entry cannot replace the restore directory itself");
                }
                if (entry.isDirectory()) {
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new UnsafeArchiveException(name + ": directory entry over an existing file refused");
                    }
                    Files.createDirectories(target);
                    if (owners) {
                        setOwner(target, entry);
                    }
                    directoryModes.add(Map.entry(target, entry.getMode()));
                    extracted.add(new Extracted(name, "dir", 0, octal(entry.getMode()), null));
                } else if (entry.isSymbolicLink()) {
                    if (entry.getLinkName().isEmpty()) {
                        throw new UnsafeArchiveException(name + ": symlink with an empty target refused");
                    }
                    if (policy == Links.INSIDE_ONLY) {
                        checkLinkStaysInside(root, target, name, entry.getLinkName());
                    }
                    refuseExisting(target, name);
                    Files.createDirectories(target.getParent());
                    // Made, never followed: nothing later is written or resolved through it (refuseLinksOnTheWay).
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    if (owners) {
                        setOwner(target, entry);
                    }
                    links.add(target);
                    extracted.add(new Extracted(name, "symlink", 0, octal(entry.getMode()), entry.getLinkName()));
                } else if (isRegularFile(entry)) {
                    refuseExisting(target, name);
                    Files.createDirectories(target.getParent());
                    long size = Files.copy(in, target);
                    if (owners) {
                        setOwner(target, entry); // before the mode: chown clears setuid and setgid bits
                    }
                    setMode(target, entry.getMode());
                    extracted.add(new Extracted(name, "file", size, octal(entry.getMode()), null));
                } else {
                    throw new UnsafeArchiveException(name + ": unsupported tar entry type (hard link, device or FIFO); "
                            + "only files, directories and symlinks are backed up");
                }
            }
        }
        // Each link passed a lexical check when it was made, but a later link can change what an earlier one's
        // target walks through ("d" -> "." makes "e" -> "d/../x" leave the tree): resolve them all as the OS would.
        if (policy == Links.INSIDE_ONLY) {
            for (Path link : links) {
                checkResolvesInside(root, link);
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

    /**
     * An archive that first makes a link and then writes "link/file" would write wherever the link points: no entry
     * is written through (or over) an existing symbolic link. Checked from the entry up to the restore directory with
     * lstat only, so no link is followed to decide.
     */
    private static void refuseLinksOnTheWay(Path root, Path target, String name) throws UnsafeArchiveException {
        for (Path p = target; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeArchiveException(name + ": refusing to write through the symlink " + root.relativize(p));
            }
        }
    }

    private static void refuseExisting(Path target, String name) throws UnsafeArchiveException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeArchiveException(name + ": refusing to overwrite an entry extracted earlier (duplicate name)");
        }
    }

    /** {@link TarArchiveEntry#isFile()} is also true for hard links, devices and FIFOs: only plain files pass. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isLink() && !entry.isCharacterDevice() && !entry.isBlockDevice() && !entry.isFIFO();
    }

    private static void checkLinkStaysInside(Path root, Path link, String name, String linkTarget) throws UnsafeArchiveException {
        if (linkTarget.isEmpty() || linkTarget.startsWith("/")) {
            throw new UnsafeArchiveException(name + ": symlink to absolute path " + linkTarget + " refused");
        }
        Path resolved = link.getParent().resolve(linkTarget).normalize();
        if (!resolved.startsWith(root)) {
            throw new UnsafeArchiveException(name + ": symlink to " + linkTarget + " points outside the restore directory");
        }
    }

    /**
     * Follows {@code link} component by component the way the kernel would (links inside the tree are followed, the
     * final target need not exist) and refuses it if any step leaves the restore directory. Hand-written because
     * {@link Path#toRealPath} requires the whole target to exist, and a dangling link is legitimate in a backup.
     */
    private static void checkResolvesInside(Path root, Path link) throws IOException {
        String name = root.relativize(link).toString();
        Path current = link.getParent();
        Deque<String> pending = new ArrayDeque<>();
        pushComponents(pending, Files.readSymbolicLink(link).toString());
        int hops = 1;
        while (!pending.isEmpty()) {
            String part = pending.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.getParent();
                if (current == null || !current.startsWith(root)) {
                    throw new UnsafeArchiveException(name + ": symlink to " + Files.readSymbolicLink(link)
                            + " resolves outside the restore directory (through other links in the archive)");
                }
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++hops > MAX_LINK_HOPS) {
                    throw new UnsafeArchiveException(name + ": symlink loop (more than " + MAX_LINK_HOPS + " links)");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    throw new UnsafeArchiveException(name + ": resolves through a symlink to the absolute path " + target);
                }
                pushComponents(pending, target);
            } else {
                current = next;
            }
        }
    }

    private static void pushComponents(Deque<String> pending, String target) {
        String[] parts = target.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }

    private static String stripTrailingSlash(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** The stored owner by name when this machine knows it (uids differ between machines), else by number; links themselves. */
    private static void setOwner(Path path, TarArchiveEntry entry) throws IOException {
        java.nio.file.attribute.UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(path,
                java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            view.setOwner(lookup.lookupPrincipalByName(entry.getUserName()));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        }
        try {
            view.setGroup(lookup.lookupPrincipalByGroupName(entry.getGroupName()));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
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
