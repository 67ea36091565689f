package org.drjenkins.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.drjenkins.engine.progress.Progress;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DirectoryTarSourceTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path tree;
    private byte[] bigContent;

    @Before
    public void buildTree() throws IOException {
        tree = temp.newFolder("jenkins_home").toPath();
        Path jobs = Files.createDirectories(tree.resolve("jobs/deploy/builds/17"));
        Files.writeString(tree.resolve("config.xml"), "<hudson><numExecutors>2</numExecutors></hudson>\n");
        chmod(tree.resolve("config.xml"), "rw-r--r--");
        Files.writeString(tree.resolve("jobs/deploy/run.sh"), "#!/bin/sh\necho deploying\n");
        chmod(tree.resolve("jobs/deploy/run.sh"), "rwxr-xr-x");
        bigContent = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bigContent);
        Files.write(jobs.resolve("log"), bigContent);
        chmod(jobs.resolve("log"), "rw-------");
        Files.createSymbolicLink(tree.resolve("jobs/deploy/builds/lastSuccessfulBuild"), Path.of("17"));
        Files.createSymbolicLink(tree.resolve("jobs/deploy/secrets-link"), Path.of("/etc/hostname"));
        Files.createDirectories(tree.resolve("plugins/empty"));
        chmod(tree.resolve("plugins/empty"), "rwx------");
        String longName = "a-very-long-directory-name-that-needs-pax-".repeat(4);
        Files.createDirectories(tree.resolve(longName));
        Files.writeString(tree.resolve(longName + "/ünïcødé.txt"), "non-ascii name\n");
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path path : all.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(Instant.parse("2024-05-01T10:00:00Z")));
            }
        }
    }

    @Test
    public void realTarExtractsTheSameTreeWithModesAndLinkTargets() throws Exception {
        Path archive = temp.getRoot().toPath().resolve("configuration.tar");
        DirectoryTarSource source = new DirectoryTarSource(tree, "configuration");
        Instant before = Instant.now();

        SourceResult result;
        try (OutputStream out = Files.newOutputStream(archive)) {
            result = source.writeTo(out, Progress.NONE);
        }
        Path extracted = temp.newFolder("extracted").toPath();
        run("tar", "-x", "-f", archive.toString(), "-C", extracted.toString());

        assertThat(source.artifactName()).isEqualTo("configuration.tar");
        assertThat(describe(extracted)).isEqualTo(describe(tree));
        assertThat(Files.readAllBytes(extracted.resolve("jobs/deploy/builds/17/log"))).isEqualTo(bigContent);
        assertThat(Files.readSymbolicLink(extracted.resolve("jobs/deploy/secrets-link"))).isEqualTo(Path.of("/etc/hostname"));
        assertThat(result.consistentAt()).isBetween(before, Instant.now());
    }

    @Test
    public void metadataEntriesDescribeEveryPathAsRestoreWillCompareIt() throws Exception {
        SourceResult result = new DirectoryTarSource(tree, "configuration").writeTo(new ByteArrayOutputStream(), Progress.NONE);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) result.metadata().get("entries");
        Map<String, Map<String, Object>> byPath = new TreeMap<>();
        entries.forEach(e -> byPath.put((String) e.get("path"), e));

        assertThat(byPath.get("config.xml")).containsEntry("type", "file").containsEntry("mode", "0644")
                .containsEntry("size", (long) "<hudson><numExecutors>2</numExecutors></hudson>\n".length());
        assertThat(byPath.get("jobs/deploy/run.sh")).containsEntry("type", "file").containsEntry("mode", "0755");
        assertThat(byPath.get("jobs/deploy/builds/17/log")).containsEntry("mode", "0600").containsEntry("size", (long) bigContent.length);
        assertThat(byPath.get("jobs/deploy/builds/lastSuccessfulBuild")).containsEntry("type", "symlink").containsEntry("linkTarget", "17");
        assertThat(byPath.get("jobs/deploy/secrets-link")).containsEntry("type", "symlink").containsEntry("linkTarget", "/etc/hostname");
        assertThat(byPath.get("plugins/empty")).containsEntry("type", "dir").containsEntry("mode", "0700");
        assertThat(entries).extracting(e -> (String) e.get("path")).isSorted().hasSize(describe(tree).size());
        assertThat(result.metadata()).containsEntry("fileCount", 4L)
                .containsEntry("totalBytes", bigContent.length + 48L + 25L + 15L);
    }

    @Test
    public void archiveNamesAreRelativeAndLinksAreNotFollowed() throws Exception {
        Path archive = temp.getRoot().toPath().resolve("c.tar");
        try (OutputStream out = Files.newOutputStream(archive)) {
            new DirectoryTarSource(tree, "c").writeTo(out, Progress.NONE);
        }

        List<String> names = Arrays.asList(run("tar", "-t", "-f", archive.toString()).split("\n"));

        assertThat(names).isNotEmpty().allSatisfy(name -> {
            assertThat(name).doesNotStartWith("/");
            assertThat(Arrays.asList(name.split("/"))).doesNotContain("..", ".");
        });
        // The link to /etc/hostname is 20-odd bytes of header, not the host's file.
        assertThat(Files.size(archive)).isLessThan(bigContent.length + 64 * 1024);
    }

    @Test
    public void theSameTreeGivesTheSameBytes() throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();

        new DirectoryTarSource(tree, "c").writeTo(first, Progress.NONE);
        new DirectoryTarSource(tree, "c").writeTo(second, Progress.NONE);

        assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    }

    @Test
    public void theCallersStreamIsLeftOpen() throws Exception {
        boolean[] closed = {false};
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        new DirectoryTarSource(tree, "c").writeTo(out, Progress.NONE);

        assertThat(closed[0]).isFalse();
    }

    @Test
    public void aPathThatCannotBeReadAsAFileFailsNamingIt() {
        // Root reads any file whatever its mode, so the unreadable file is made by swapping a listed file for a
        // directory once archiving has begun: opening succeeds, reading fails (EISDIR).
        Path victim = tree.resolve("plugins/zz-victim.jpi");
        Progress swapOnFirstBytes = new SwappingProgress(victim);
        writeQuietly(victim, "plugin bytes");

        Throwable failure = catchThrowable(() -> new DirectoryTarSource(tree, "c").writeTo(new ByteArrayOutputStream(), swapOnFirstBytes));

        assertThat(failure).isInstanceOf(SourceException.class)
                .hasMessageContaining("cannot read " + victim)
                .hasMessageContaining("Is a directory");
    }

    @Test
    public void aFileDeletedAfterTheListingIsSkippedAndReported() throws Exception {
        Path victim = tree.resolve("plugins/zz-gone.jpi");
        writeQuietly(victim, "plugin bytes");
        List<String> infos = new ArrayList<>();
        Progress deleteOnFirstBytes = new Progress() {
            @Override
            public void phase(String description) {
            }

            @Override
            public void bytes(long done, long total) {
                try {
                    Files.deleteIfExists(victim);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public void info(String message) {
                infos.add(message);
            }
        };

        SourceResult result = new DirectoryTarSource(tree, "c").writeTo(new ByteArrayOutputStream(), deleteOnFirstBytes);

        assertThat(result.metadata().get("vanished")).isEqualTo(List.of("plugins/zz-gone.jpi"));
        assertThat(infos).anySatisfy(info -> assertThat(info).contains("plugins/zz-gone.jpi").contains("vanished"));
    }

    @Test
    public void whatARestoreCannotRecreateIsWarnedAboutOnceBeforeArchivingAndListedInTheMetadata() throws Exception {
        Path outside = temp.newFile("outside.txt").toPath();
        Files.writeString(outside, "shared\n");
        Files.createLink(tree.resolve("linked-out.txt"), outside);
        Files.writeString(tree.resolve("pair-a.txt"), "pair\n");
        Files.createLink(tree.resolve("pair-b.txt"), tree.resolve("pair-a.txt"));
        Files.createSymbolicLink(tree.resolve("up"), Path.of("../outside.txt"));
        run("mkfifo", tree.resolve("queue").toString());
        List<String> infos = new ArrayList<>();
        Progress recording = new Progress() {
            @Override
            public void phase(String description) {
            }

            @Override
            public void bytes(long done, long total) {
            }

            @Override
            public void info(String message) {
                infos.add(message);
            }
        };
        try (java.nio.channels.ServerSocketChannel socket = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            socket.bind(java.net.UnixDomainSocketAddress.of(tree.resolve("agent.sock")));

            SourceResult result = new DirectoryTarSource(tree, "configuration").writeTo(new ByteArrayOutputStream(), recording);

            assertThat(infos).hasSize(1);
            assertThat(infos.get(0)).startsWith(tree + ": 6 entries a restore will not recreate as they are: ");
            assertThat(result.metadata().get("notRestorable")).asList().containsExactlyInAnyOrder(
                    "agent.sock: a socket, FIFO or device file is not backed up",
                    "queue: a socket, FIFO or device file is not backed up",
                    "jobs/deploy/secrets-link -> /etc/hostname: the link is restored, what it points to is outside the tree and not in the backup",
                    "up -> ../outside.txt: the link is restored, what it points to is outside the tree and not in the backup",
                    "linked-out.txt: hard-linked to 1 name(s) outside the tree; each name is restored as an independent copy",
                    "pair-a.txt, pair-b.txt: hard-linked; each name is restored as an independent copy");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> entries = (List<Map<String, Object>>) result.metadata().get("entries");
            assertThat(entries).extracting(e -> (String) e.get("path")).doesNotContain("agent.sock", "queue")
                    .contains("up", "linked-out.txt", "pair-a.txt", "pair-b.txt");
        }
    }

    @Test
    public void aTreeARestoreRecreatesFullySaysNothing() throws Exception {
        Files.delete(tree.resolve("jobs/deploy/secrets-link"));
        List<String> infos = new ArrayList<>();
        Progress recording = new Progress() {
            @Override
            public void phase(String description) {
            }

            @Override
            public void bytes(long done, long total) {
            }

            @Override
            public void info(String message) {
                infos.add(message);
            }
        };

        SourceResult result = new DirectoryTarSource(tree, "configuration").writeTo(new ByteArrayOutputStream(), recording);

        assertThat(infos).isEmpty();
        assertThat(result.metadata()).doesNotContainKey("notRestorable");
    }

    @Test
    public void aMissingDirectoryIsNamedWithTheFix() {
        Path missing = tree.resolve("no-such-dir");

        Throwable failure = catchThrowable(() -> new DirectoryTarSource(missing, "c").writeTo(new ByteArrayOutputStream(), Progress.NONE));

        assertThat(failure).isInstanceOf(SourceException.class).hasMessage(missing + " does not exist: check the directory component's path");
    }

    /** path → "type mode size content-or-target" for every path below root, as the file system reports it. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> described = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.filter(p -> !p.equals(root)).toList()) {
                String mode = Integer.toOctalString(((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777);
                String what;
                if (Files.isSymbolicLink(path)) {
                    what = "symlink -> " + Files.readSymbolicLink(path);
                } else if (Files.isDirectory(path)) {
                    what = "dir " + mode;
                } else {
                    what = "file " + mode + " " + Files.size(path) + " " + Arrays.hashCode(Files.readAllBytes(path))
                            + " " + Files.getLastModifiedTime(path).to(TimeUnit.SECONDS);
                }
                described.put(root.relativize(path).toString(), what);
            }
        }
        return described;
    }

    private static void chmod(Path path, String rwx) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(rwx));
    }

    private static void writeQuietly(Path path, String content) {
        try {
            Files.writeString(path, content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
        return output;
    }

    /** Replaces a not-yet-archived file with a directory the first time bytes are reported. */
    private static final class SwappingProgress implements Progress {
        private final Path victim;
        private boolean swapped;

        SwappingProgress(Path victim) {
            this.victim = victim;
        }

        @Override
        public void phase(String description) {
        }

        @Override
        public synchronized void bytes(long done, long total) {
            if (!swapped) {
                swapped = true;
                try {
                    Files.delete(victim);
                    Files.createDirectory(victim);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public void info(String message) {
        }
    }
}
