package org.drjenkins.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.NonClosingOutputStream;

/**
 * A directory tree as one POSIX (PAX) tar stream: regular files with their modes and owners, directories, and symbolic
 * links stored as links (never followed, so a link cannot pull in anything outside the tree). Entries are sorted, named
 * relative to the directory, so the same tree gives the same bytes. Sockets, FIFOs and devices are skipped. What a
 * restore will not recreate as it is (skipped special files, links pointing outside the tree, hard links) is said once
 * through {@link Progress#info} before archiving and listed in the metadata ({@code notRestorable}).
 *
 * <p>A live tree changes while it is read: a file that vanishes after the listing is skipped, a file that grows is
 * stored as it was when opened, a file that shrinks is padded with zeros to the size its header announced; all of them
 * are reported through {@link Progress#info} and listed in the metadata ({@code vanished}, {@code changedWhileRead}).
 * A file that cannot be read throws {@link SourceException} naming it.
 */
public final class DirectoryTarSource implements BackupSource {

    private static final int BUFFER_SIZE = 256 * 1024;
    /** How many entries the backup-time warning names; the manifest lists them all. */
    private static final int MAX_WARNINGS = 10;

    private final Path directory;
    private final String name;
    private final TarTreeOptions options;

    /**
     * @param directory the tree to archive; a symbolic link here is followed once, to the real directory
     * @param name      the artifact's base name, e.g. "configuration" for {@code configuration.tar}
     */
    public DirectoryTarSource(Path directory, String name) {
        this(directory, name, TarTreeOptions.EVERYTHING);
    }

    /** A selection of the tree (see {@link TarTreeOptions}); the archive's format is the same. */
    DirectoryTarSource(Path directory, String name, TarTreeOptions options) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.name = Objects.requireNonNull(name, "name");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String artifactName() {
        return name + ".tar";
    }

    @Override
    public SourceResult writeTo(OutputStream out, Progress progress) throws IOException, InterruptedException {
        Path root = realDirectory();
        List<String> notRestorable = new ArrayList<>();
        List<Found> listing = list(root, notRestorable);
        warn(notRestorable, progress);
        long expectedBytes = listing.stream().mapToLong(Found::size).sum();

        List<Map<String, Object>> entries = new ArrayList<>(listing.size());
        List<String> vanished = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        Rereads rereads = new Rereads();
        long fileCount = 0;
        long totalBytes = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingOutputStream(out), StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (TarTreeOptions.GeneratedFile extra : options.extras()) {
                entries.add(writeGenerated(tar, root, extra));
                fileCount++;
                totalBytes += extra.content().length;
            }
            for (Found found : listing) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("archiving " + directory + " was interrupted");
                }
                Map<String, Object> entry;
                if (found.kind() != TarEntries.Kind.FILE) {
                    entry = writeEntryWithoutContent(tar, found);
                } else if (options.rereadAttempts() > 0 && found.size() <= options.rereadLimit()) {
                    entry = writeStableFile(tar, found, rereads, progress);
                    if (entry == null && rereads.skipped.contains(found.name())) {
                        continue;
                    }
                } else {
                    entry = writeFile(tar, found, buffer, totalBytes, expectedBytes, progress, changed);
                }
                if (entry == null) {
                    vanished.add(found.name());
                    progress.info(found.name() + " in " + directory + " vanished before it was read; skipped");
                    continue;
                }
                entries.add(entry);
                if (found.kind() == TarEntries.Kind.FILE) {
                    fileCount++;
                    totalBytes += (Long) entry.get("size");
                }
            }
            tar.finish();
        }
        Instant consistentAt = Instant.now();

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("directory", directory.toString());
        metadata.put("entries", entries);
        metadata.put("fileCount", fileCount);
        metadata.put("totalBytes", totalBytes);
        if (!vanished.isEmpty()) {
            metadata.put("vanished", vanished);
        }
        if (!changed.isEmpty()) {
            metadata.put("changedWhileRead", changed);
        }
        if (!notRestorable.isEmpty()) {
            metadata.put("notRestorable", notRestorable);
        }
        if (!rereads.reread.isEmpty()) {
            metadata.put("reread", rereads.reread);
        }
        if (!rereads.skipped.isEmpty()) {
            metadata.put("skippedChanging", rereads.skipped);
        }
        return new SourceResult(consistentAt, metadata);
    }

    /** Files read more than once because they changed during a read, and files skipped because they never stood still. */
    private static final class Rereads {
        final List<String> reread = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
    }

    /** What says a file changed: its size, modification time (nanoseconds where the file system keeps them) and inode. */
    private record Stamp(long size, java.nio.file.attribute.FileTime modified, Object fileKey) {
        static Stamp of(Path path) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Stamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        }
    }

    /**
     * Reads a (small) file whole, and again when its size, modification time or inode changed during the read (Jenkins
     * replaces config.xml by renaming a new copy over it), up to the configured attempts with a short pause between
     * them. A file that never stands still is skipped and listed ({@code skippedChanging}): a torn copy of an XML file
     * would not load, while the previous backup still holds a good one. Returns null when the file vanished.
     */
    private Map<String, Object> writeStableFile(TarArchiveOutputStream tar, Found found, Rereads rereads, Progress progress)
            throws IOException, InterruptedException {
        for (int attempt = 1; attempt <= options.rereadAttempts(); attempt++) {
            byte[] content;
            Stamp before;
            Stamp after;
            try {
                before = Stamp.of(found.path());
                try (SeekableByteChannel channel = Files.newByteChannel(found.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                        InputStream in = Channels.newInputStream(channel)) {
                    content = in.readAllBytes();
                }
                options.readObserver().afterRead(found.name(), attempt);
                after = Stamp.of(found.path());
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw unreadable(found, e);
            }
            if (before.equals(after) && content.length == after.size()) {
                TarArchiveEntry entry = header(found, content.length);
                if (entry == null) {
                    return null;
                }
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
                return TarEntries.metadata(entry, found.name(), TarEntries.Kind.FILE);
            }
            if (attempt == 1) {
                rereads.reread.add(found.name());
            }
            Thread.sleep(20L * attempt); // a writer mid-rename is usually done within milliseconds
        }
        rereads.reread.remove(found.name());
        rereads.skipped.add(found.name());
        progress.info(found.name() + " in " + directory + " changed during each of " + options.rereadAttempts()
                + " reads; skipped (listed in the manifest as skippedChanging)");
        return null;
    }

    /** A file the source generated (plugins.txt): owned like the tree's root, mode 0644, stamped now. */
    private static Map<String, Object> writeGenerated(TarArchiveOutputStream tar, Path root, TarTreeOptions.GeneratedFile extra)
            throws IOException {
        TarArchiveEntry entry = TarEntries.entry(root, extra.name(), TarEntries.Kind.FILE, extra.content().length);
        entry.setMode(0100644);
        entry.setModTime(java.nio.file.attribute.FileTime.from(Instant.now().getEpochSecond(), java.util.concurrent.TimeUnit.SECONDS));
        tar.putArchiveEntry(entry);
        tar.write(extra.content());
        tar.closeArchiveEntry();
        return TarEntries.metadata(entry, extra.name(), TarEntries.Kind.FILE);
    }

    /** Writes a directory or link; returns its manifest entry, or null when it vanished after the listing. */
    private Map<String, Object> writeEntryWithoutContent(TarArchiveOutputStream tar, Found found) throws IOException {
        TarArchiveEntry entry = header(found, 0);
        if (entry == null) {
            return null;
        }
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        return TarEntries.metadata(entry, found.name(), found.kind());
    }

    /** Writes one regular file; returns its manifest entry, or null when it vanished after the listing. */
    private Map<String, Object> writeFile(TarArchiveOutputStream tar, Found found, byte[] buffer, long doneBefore, long expectedBytes,
            Progress progress, List<String> changed) throws IOException, InterruptedException {
        SeekableByteChannel channel;
        try {
            // NOFOLLOW: a file swapped for a link after the listing must not pull in the link's target.
            channel = Files.newByteChannel(found.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw unreadable(found, e);
        }
        try (channel; InputStream in = Channels.newInputStream(channel)) {
            long size = sizeOf(channel, found);
            TarArchiveEntry entry = header(found, size);
            if (entry == null) {
                return null;
            }
            tar.putArchiveEntry(entry);
            long remaining = size;
            while (remaining > 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("archiving " + directory + " was interrupted at " + found.name());
                }
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                } catch (IOException e) {
                    throw unreadable(found, e);
                }
                if (n < 0) {
                    // The header already promised `size` bytes; zeros keep the archive readable.
                    changed.add(found.name());
                    progress.info(found.name() + " in " + directory + " shrank while being read; padded with zeros");
                    Arrays.fill(buffer, (byte) 0);
                    while (remaining > 0) {
                        int pad = (int) Math.min(buffer.length, remaining);
                        tar.write(buffer, 0, pad);
                        remaining -= pad;
                    }
                    break;
                }
                tar.write(buffer, 0, n);
                remaining -= n;
                progress.bytes(doneBefore + size - remaining, expectedBytes);
            }
            tar.closeArchiveEntry();
            return TarEntries.metadata(entry, found.name(), TarEntries.Kind.FILE);
        }
    }

    /** Reading the header's facts is reading the source: failures name the path; a vanished path gives null. */
    private TarArchiveEntry header(Found found, long size) throws SourceException {
        try {
            return TarEntries.entry(found.path(), found.name(), found.kind(), size);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw unreadable(found, e);
        }
    }

    private long sizeOf(SeekableByteChannel channel, Found found) throws SourceException {
        try {
            return channel.size();
        } catch (IOException e) {
            throw unreadable(found, e);
        }
    }

    private Path realDirectory() throws SourceException {
        try {
            Path real = directory.toRealPath();
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                throw new SourceException(directory + " is not a directory: point the directory component at a directory");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new SourceException(directory + " does not exist: check the directory component's path");
        } catch (IOException e) {
            throw new SourceException("cannot open " + directory + ": " + reason(e), e);
        }
    }

    /** Says once, before archiving, what a restore of this tree will not give back as it is now. */
    private void warn(List<String> notRestorable, Progress progress) {
        if (notRestorable.isEmpty()) {
            return;
        }
        int shown = Math.min(MAX_WARNINGS, notRestorable.size());
        progress.info(directory + ": " + notRestorable.size() + " entr" + (notRestorable.size() == 1 ? "y" : "ies")
                + " a restore will not recreate as they are: " + String.join("; ", notRestorable.subList(0, shown))
                + (shown < notRestorable.size() ? "; and " + (notRestorable.size() - shown) + " more (listed in the manifest)" : ""));
    }

    private List<Found> list(Path root, List<String> notRestorable) throws IOException {
        List<Found> found = new ArrayList<>();
        // Names of each multiply-linked file in the tree, to tell links kept inside it from links to outside.
        Map<Object, List<String>> hardLinked = new LinkedHashMap<>();
        Map<Object, Integer> linkCounts = new LinkedHashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root)) {
                    String name = relativeName(root, dir);
                    if (options.pruned().test(name)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    found.add(new Found(dir, name, TarEntries.Kind.DIR, 0));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = relativeName(root, file);
                if (!options.selected().test(name)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    found.add(new Found(file, name, TarEntries.Kind.SYMLINK, 0));
                    pointsOutside(root, file).ifPresent(target -> notRestorable.add(name + " -> " + target
                            + ": the link is restored, what it points to is outside the tree and not in the backup"));
                } else if (attrs.isRegularFile()) {
                    found.add(new Found(file, name, TarEntries.Kind.FILE, attrs.size()));
                    int links = linkCount(file);
                    if (links > 1 && attrs.fileKey() != null) {
                        hardLinked.computeIfAbsent(attrs.fileKey(), k -> new ArrayList<>()).add(name);
                        linkCounts.put(attrs.fileKey(), links);
                    }
                } else if (attrs.isOther()) {
                    notRestorable.add(name + ": a socket, FIFO or device file is not backed up");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw new SourceException("cannot read " + file + " under " + directory + ": " + reason(e), e);
            }
        });
        hardLinked.forEach((key, names) -> {
            int outside = linkCounts.get(key) - names.size();
            notRestorable.add(String.join(", ", names) + ": hard-linked" + (outside > 0 ? " to " + outside + " name(s) outside the tree" : "")
                    + "; each name is restored as an independent copy");
        });
        // Lexical order of the '/'-joined names puts every directory before its contents.
        found.sort(Comparator.comparing(Found::name));
        return options.onlyParents() ? withOnlyParents(found) : found;
    }

    /** Drops the directories that hold no selected entry, so a selection does not restore a skeleton of empty folders. */
    private static List<Found> withOnlyParents(List<Found> found) {
        java.util.Set<String> parents = new java.util.HashSet<>();
        for (Found f : found) {
            if (f.kind() != TarEntries.Kind.DIR) {
                for (int slash = f.name().lastIndexOf('/'); slash > 0; slash = f.name().lastIndexOf('/', slash - 1)) {
                    parents.add(f.name().substring(0, slash));
                }
            }
        }
        return found.stream().filter(f -> f.kind() != TarEntries.Kind.DIR || parents.contains(f.name())).toList();
    }

    /** The target of a link that leaves the tree (absolute, or climbing out of it), judged by its text only. */
    private static java.util.Optional<String> pointsOutside(Path root, Path link) {
        try {
            Path target = Files.readSymbolicLink(link);
            if (target.isAbsolute() || !link.getParent().resolve(target).normalize().startsWith(root)) {
                return java.util.Optional.of(target.toString());
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty(); // vanished or unreadable: the archiving step reports it
        }
    }

    private static int linkCount(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // no such attribute on this filesystem: nothing to warn about
        }
    }

    private static String relativeName(Path root, Path path) {
        StringBuilder name = new StringBuilder();
        for (Path part : root.relativize(path)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    private SourceException unreadable(Found found, IOException e) {
        return new SourceException("cannot read " + found.path() + " under " + directory + ": " + reason(e), e);
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** One path found by the listing; {@code size} is only the listing's estimate, used for progress. */
    private record Found(Path path, String name, TarEntries.Kind kind, long size) {
    }
}
