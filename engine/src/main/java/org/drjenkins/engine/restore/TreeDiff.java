package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Compares a tar tree with the directory it would replace, reading the archive as a stream and the tree with lstat only
 * (no link is followed): so {@code --diff} needs no room for a second copy and writes nothing.
 */
final class TreeDiff {

    private static final int BUFFER = 64 * 1024;

    private TreeDiff() {
    }

    /** @param current the directory as it is now (it may not exist: then everything is added) */
    static TreeChanges compare(Path tar, Path current, int limit) throws IOException {
        Path root = current.toAbsolutePath().normalize();
        boolean exists = Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        int unchanged = 0;
        Set<Path> seen = new HashSet<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                String name = entry.getName().endsWith("/") ? entry.getName().substring(0, entry.getName().length() - 1) : entry.getName();
                Path path = SafeTarExtractor.resolveInside(root, name);
                if (path.equals(root)) {
                    continue;
                }
                seen.add(path);
                if (!exists || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    added.add(name);
                } else if (same(entry, entries, path)) {
                    unchanged++;
                } else {
                    changed.add(name);
                }
            }
        }
        List<String> removed = new ArrayList<>();
        if (exists) {
            try (Stream<Path> tree = Files.walk(root)) {
                tree.filter(p -> !p.equals(root) && !seen.contains(p)).sorted()
                        .forEach(p -> removed.add(root.relativize(p).toString()));
            }
        }
        List<String> first = new ArrayList<>();
        added.stream().limit(limit).forEach(p -> first.add("+ " + p));
        changed.stream().limit(limit).forEach(p -> first.add("~ " + p));
        removed.stream().limit(limit).forEach(p -> first.add("- " + p));
        return new TreeChanges(added.size(), changed.size(), removed.size(), unchanged, first);
    }

    private static boolean same(TarArchiveEntry entry, InputStream content, Path path) throws IOException {
        if (entry.isSymbolicLink()) {
            return Files.isSymbolicLink(path) && Files.readSymbolicLink(path).toString().equals(entry.getLinkName());
        }
        if (Files.isSymbolicLink(path)) {
            return false;
        }
        if (!modeOf(path).equals(String.format("%04o", entry.getMode() & 0777))) {
            return false;
        }
        if (entry.isDirectory()) {
            return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.size(path) != entry.getSize()) {
            return false;
        }
        try (InputStream existing = Files.newInputStream(path)) {
            return Arrays.equals(digest(content), digest(existing));
        }
    }

    private static String modeOf(Path path) throws IOException {
        int mode = 0;
        for (var permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    private static byte[] digest(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
