package org.drjenkins.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
        // The shell starts a short child, then becomes "sleep 30", which never waits: the child stays a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "true & echo $!; exec sleep 30").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII))) {
            long zombie = Long.parseLong(out.readLine().trim());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + zombie + "/stat")).contains(") Z")
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
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
