package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.junit.Test;

/**
 * The scratch place is made on its own thread while the artifact downloads; its outcome must reach the verification
 * exactly as if prepare had run in line, and a preparation that is no longer wanted must be over before cleanup runs.
 * (The end-to-end cases, a corrupt backup leaving no cluster behind among them, are in VerifyRestorePostgresTest.)
 */
public class ScratchPreparationTest {

    /** A restorer whose prepare runs the given step; restore and check are never reached here. */
    private static final class PreparingRestorer implements ComponentRestorer {

        interface Step {
            void run() throws IOException, InterruptedException;
        }

        private final Step step;

        PreparingRestorer(Step step) {
            this.step = step;
        }

        @Override
        public void prepare(Manifest manifest) throws IOException, InterruptedException {
            step.run();
        }

        @Override
        public void restore(Manifest manifest, Path rawContent) {
            throw new AssertionError("not part of these tests");
        }

        @Override
        public List<CheckResult> check(Manifest manifest) {
            throw new AssertionError("not part of these tests");
        }

        @Override
        public void close() {
        }
    }

    @Test
    public void awaitReturnsOnceThePreparationFinishedAndSeesWhatItMade() throws Exception {
        AtomicBoolean made = new AtomicBoolean();
        ScratchPreparation preparation = ScratchPreparation.start(new PreparingRestorer(() -> {
            Thread.sleep(200);
            made.set(true);
        }), null);

        preparation.await();

        assertThat(made).isTrue();
        preparation.discard(); // after success a no-op
        assertThat(made).isTrue();
    }

    @Test
    public void awaitThrowsTheIoExceptionPrepareThrewUnchanged() {
        IOException cause = new IOException("initdb in /tmp/x exited 1: could not create directory");
        ScratchPreparation preparation = ScratchPreparation.start(new PreparingRestorer(() -> {
            throw cause;
        }), null);

        assertThatThrownBy(preparation::await).isSameAs(cause);
    }

    @Test
    public void awaitThrowsARuntimeFailureOfPrepareUnchanged() {
        IllegalStateException cause = new IllegalStateException("no PostgreSQL tools found");
        ScratchPreparation preparation = ScratchPreparation.start(new PreparingRestorer(() -> {
            throw cause;
        }), null);

        assertThatThrownBy(preparation::await).isSameAs(cause);
    }

    @Test
    public void discardWaitsForAPreparationStillRunningWithoutInterruptingIt() throws Exception {
        // Interrupting it would kill an initdb half-way, whose orphaned child could recreate the directory that the
        // cleanup removed; so discard lets it finish (it is bounded by the tools' timeouts) and only then returns.
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        ScratchPreparation preparation = ScratchPreparation.start(new PreparingRestorer(() -> {
            started.countDown();
            try {
                Thread.sleep(500);
                finished.set(true);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }), null);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        preparation.discard();

        assertThat(finished).as("the preparation ended before discard returned").isTrue();
        assertThat(interrupted).as("the preparation was left to finish").isFalse();
        assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt status is untouched").isFalse();
    }

    @Test
    public void discardKeepsTheCallersInterruptStatus() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        ScratchPreparation preparation = ScratchPreparation.start(new PreparingRestorer(() -> {
            Thread.sleep(300);
            finished.set(true);
        }), null);
        Thread.currentThread().interrupt();
        try {
            preparation.discard();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(finished).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
