package org.drjenkins.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small filesystem (a tmpfs of a few MiB, mounted for the test and unmounted after) where a verification runs
 * out of space the way a full scratch disk does: the kernel answers ENOSPC "No space left on device". Needs root, as
 * every build machine here is (docs/environment.md); without it the mount fails and says so.
 */
public final class SmallFilesystem implements AutoCloseable {

    private final Path mountPoint;

    private SmallFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static SmallFilesystem mount(String prefix, int mebibytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(prefix);
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m,mode=0777", "tmpfs", dir.toString()));
        return new SmallFilesystem(dir);
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", mountPoint.toString()));
        Files.deleteIfExists(mountPoint);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output
                    + " (a small tmpfs needs root, or CAP_SYS_ADMIN)");
        }
    }
}
