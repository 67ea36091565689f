package org.drjenkins.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

public class PgProcessesRunningTest {

    @Test
    public void anOrphanRunsUntilKilledAndCountsAsGoneBeforeInitReapsIt() throws Exception {
        // The shell leaves a background sleep behind and exits: the sleep is reparented to init, like a postmaster
        // that pg_ctl started.
        Process shell = new ProcessBuilder("sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $!").start();
        long orphan;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(),
                StandardCharsets.US_ASCII))) {
            orphan = Long.parseLong(out.readLine().trim());
        }
        shell.waitFor();
        assertThat(PgProcesses.isRunning(orphan)).isTrue();

        ProcessHandle.of(orphan).orElseThrow().destroyForcibly();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (PgProcesses.isRunning(orphan) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(PgProcesses.isRunning(orphan)).isFalse();
    }

    @Test
    public void anExitedProcessWhoseParentNeverReapsItIsNotRunning() throws Exception {
        // perl forks a child that exits at once and never waits for it: the child stays a zombie while perl sleeps.
        // (A shell is no good here: it may reap its background job before it execs the next command.)
        Process parent = new ProcessBuilder("perl", "-e", "$| = 1; my $pid = fork(); exit 0 if $pid == 0;"
                + " print \"$pid\\n\"; sleep 30").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII))) {
            long zombie = Long.parseLong(out.readLine().trim());
            Path stat = Path.of("/proc/" + zombie + "/stat");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!Files.readString(stat).contains(") Z") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(Files.readString(stat)).contains(") Z");
            assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).contains(true);
            assertThat(PgProcesses.isRunning(zombie)).isFalse();
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    public void aPidThatNeverExistedDoesNotRun() {
        assertThat(PgProcesses.isRunning(Integer.MAX_VALUE - 7)).isFalse();
    }
}
