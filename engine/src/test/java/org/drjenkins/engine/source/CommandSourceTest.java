package org.drjenkins.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.drjenkins.engine.progress.Progress;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CommandSourceTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void stdoutBecomesTheContentAndIsDescribed() throws Exception {
        CommandSource source = new CommandSource("vault", "printf 'line one\\nline two\\n'; printf 'noise\\n' >&2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant before = Instant.now();

        SourceResult result = source.writeTo(out, Progress.NONE);

        assertThat(source.artifactName()).isEqualTo("vault.out");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line one\nline two\n");
        assertThat(result.metadata()).containsEntry("exitCode", 0).containsEntry("bytes", 18L)
                .containsEntry("command", "printf 'line one\\nline two\\n'; printf 'noise\\n' >&2");
        assertThat(result.consistentAt()).isBetween(before, Instant.now());
    }

    @Test
    public void largeBinaryOutputStreamsThroughUnchanged() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SourceResult result = new CommandSource("blob", "head -c 5000000 /dev/zero | tr '\\0' 'x'").writeTo(out, Progress.NONE);

        assertThat(out.size()).isEqualTo(5_000_000);
        assertThat(out.toByteArray()).containsOnly((byte) 'x');
        assertThat(result.metadata()).containsEntry("bytes", 5_000_000L);
    }

    @Test
    public void nonZeroExitNamesTheCodeAndTheLastStderrLine() {
        CommandSource source = new CommandSource("vault", "echo partial; echo 'starting' >&2; echo 'vault: permission denied' >&2; exit 3");

        Throwable failure = catchThrowable(() -> source.writeTo(new ByteArrayOutputStream(), Progress.NONE));

        assertThat(failure).isInstanceOf(SourceException.class).hasMessage("command exited 3: vault: permission denied");
    }

    @Test
    public void nonZeroExitWithoutStderrSaysSo() {
        Throwable failure = catchThrowable(() -> new CommandSource("x", "exit 7").writeTo(new ByteArrayOutputStream(), Progress.NONE));

        assertThat(failure).isInstanceOf(SourceException.class).hasMessage("command exited 7 (no output on stderr)");
    }

    @Test
    public void commandWhoseOutputCannotBeWrittenIsKilledWithItsChildren() throws Exception {
        Path pids = temp.getRoot().toPath().resolve("pids");
        // The shell starts `yes` as a child and waits: killing only the shell would leave `yes` running.
        CommandSource source = new CommandSource("endless", "echo $$ > " + pids + "; yes & echo $! >> " + pids + "; wait");
        IOException uploadFailed = new IOException("upload failed: connection reset");
        OutputStream failingAfterOneMegabyte = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 1024 * 1024) {
                    throw uploadFailed;
                }
            }
        };

        Throwable failure = catchThrowable(() -> source.writeTo(failingAfterOneMegabyte, Progress.NONE));

        assertThat(failure).isSameAs(uploadFailed);
        List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertThat(started).hasSize(2);
        for (long pid : started) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            assertThat(handle.map(ProcessHandle::isAlive).orElse(false)).as("pid %d alive", pid).isFalse();
        }
    }

    @Test
    public void interruptingTheCallerKillsASilentCommand() throws Exception {
        Path pidFile = temp.getRoot().toPath().resolve("pid");
        CommandSource source = new CommandSource("silent", "echo $$ > " + pidFile + "; exec sleep 600");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> failure.set(catchThrowable(() -> source.writeTo(new ByteArrayOutputStream(), Progress.NONE))));
        caller.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(pidFile) || Files.size(pidFile) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());

        caller.interrupt();
        caller.join(10_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    public void progressReportsTheBytesCopied() throws Exception {
        List<Long> reported = new ArrayList<>();
        Progress recording = new Progress() {
            @Override
            public void phase(String description) {
            }

            @Override
            public synchronized void bytes(long done, long total) {
                reported.add(done);
            }

            @Override
            public void info(String message) {
            }
        };

        new CommandSource("p", "head -c 300000 /dev/zero").writeTo(new ByteArrayOutputStream(), recording);

        assertThat(reported).isNotEmpty().isSorted();
        assertThat(reported.get(reported.size() - 1)).isEqualTo(300_000L);
    }
}
