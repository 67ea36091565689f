package org.drjenkins.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.util.TempFiles;

/**
 * Everything {@code dr jenkins} started, stopped and removed exactly once: at the end of a smoke run, or from the
 * shutdown hook on Ctrl-C (which Jenkins, in the same process group, receives too), whichever comes first.
 */
final class JenkinsSession {
    private static final long JENKINS_STOP_SECONDS = 30;

    private final Path scratch;
    private final boolean keep;
    private final PrintWriter out;
    private Process jenkins;
    private LocalCluster database;
    private LocalS3Server store;
    private boolean closed;
    private volatile boolean closing;

    JenkinsSession(Path scratch, boolean keep, PrintWriter out) {
        this.scratch = scratch;
        this.keep = keep;
        this.out = out;
    }

    synchronized Process jenkins(Process process) {
        jenkins = process;
        return process;
    }

    synchronized LocalCluster database(LocalCluster cluster) {
        database = cluster;
        return cluster;
    }

    synchronized LocalS3Server store(LocalS3Server server) {
        store = server;
        return server;
    }

    /** Whether the clean-up has begun (Ctrl-C): Jenkins exiting is then expected, not a failure. */
    boolean closing() {
        return closing;
    }

    void close() {
        closing = true;
        closeOnce();
    }

    private synchronized void closeOnce() {
        if (closed) {
            return;
        }
        closed = true;
        StringBuilder done = new StringBuilder("cleaned up:");
        if (jenkins != null) {
            stopJenkins();
            done.append(" Jenkins stopped,");
        }
        if (database != null) {
            try {
                database.close();
                done.append(" PostgreSQL removed,");
            } catch (RuntimeException | org.drjenkins.engine.postgres.PostgresException e) {
                // On Ctrl-C LocalCluster's own shutdown hook removes its ephemeral clusters at the same time as this
                // one: a file the other removed first is no failure, as long as nothing is left.
                boolean gone = !database.isRunning() && !java.nio.file.Files.exists(database.dataDir());
                done.append(gone ? " PostgreSQL removed," : " PostgreSQL NOT removed (" + e.getMessage() + "),");
            }
        }
        if (store != null) {
            store.close();
            done.append(" store stopped,");
        }
        if (keep) {
            done.append(" kept ").append(scratch);
        } else {
            TempFiles.deleteRecursively(scratch);
            done.append(" ").append(scratch).append(" deleted");
        }
        out.println(done);
        out.flush();
    }

    private void stopJenkins() {
        jenkins.destroy();
        try {
            if (!jenkins.waitFor(JENKINS_STOP_SECONDS, TimeUnit.SECONDS)) {
                jenkins.destroyForcibly();
                jenkins.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            jenkins.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
