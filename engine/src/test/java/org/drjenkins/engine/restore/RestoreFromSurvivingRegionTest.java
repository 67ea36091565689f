package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.testing.StoreProcess;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A restore when the primary region is the one that is down: the primary's store runs in its own process (stopped or
 * frozen by the test), the secondary's holds the copy the backup replicated there. The restore reads the secondary
 * with --region, and falls back to it by itself with --any-region.
 */
public class RestoreFromSurvivingRegionTest {

    @ClassRule
    public static final S3Fixture SECONDARY = new S3Fixture();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StoreProcess primary;
    private DrConfig config;
    private Manifest backup;

    @Before
    public void backUpToBothRegions() throws Exception {
        primary = StoreProcess.start(temp.newFolder("primary-store").toPath(), "use1");
        Path tree = temp.newFolder("tree").toPath();
        Files.writeString(tree.resolve("agent.yaml"), "workers: 4\n");
        Files.createSymbolicLink(tree.resolve("current"), Path.of("agent.yaml"));
        config = ConfigLoader.parse("regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: use1, endpoint: \"" + primary.endpoint() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: euw1, endpoint: \"" + SECONDARY.server().endpoint() + "\" }\n"
                + "components:\n  configuration: { type: directory, path: \"" + tree + "\" }\n", "test dr.yaml");
        S3Fixture.createBuckets(SECONDARY.server(), "euw1");
        backup = new BackupService(config, secrets(), stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5))
                .run(BackupRequest.of("configuration")).manifest();
    }

    @After
    public void stopThePrimary() {
        if (primary.pid() > 0 && ProcessHandle.of(primary.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            primary.close();
        }
    }

    private Secrets secrets() {
        return new Secrets(SECONDARY.server().credentials(), Optional.empty(), List.of(), Optional.empty());
    }

    /** Each region's store with its own credentials. */
    private StoreProvider stores() {
        return region -> StoreConnector.connect(region, region.name().equals("us-east-1") ? primary.credentials()
                : SECONDARY.server().credentials());
    }

    private RestoreOutcome restore(RestoreRequest request) {
        return new RestoreService(config, secrets(), stores(), Clock.systemUTC(), Progress.NONE).run(request, new ByteArrayOutputStream());
    }

    private Region secondary() {
        return config.region("eu-west-1").orElseThrow();
    }

    @Test
    public void withThePrimaryStoppedTheRestoreFailsNamingTheWayOut() {
        primary.close();

        RestoreException failed = catchThrowableOfType(RestoreException.class,
                () -> restore(RestoreRequest.of("configuration").withTo(temp.getRoot().toPath().resolve("out"))));

        assertThat(failed.getMessage()).contains("us-east-1: the store does not answer", "--region", "--any-region");
        assertThat(temp.getRoot().toPath().resolve("out")).doesNotExist();
    }

    @Test
    public void withThePrimaryStoppedTheSecondaryIsReadWithRegionAndTheRestoreRecordedThere() throws Exception {
        primary.close();
        Path out = temp.getRoot().toPath().resolve("out");

        RestoreOutcome outcome = restore(RestoreRequest.of("configuration").withRegion("eu-west-1", false).withTo(out));

        assertThat(Files.readString(out.resolve("agent.yaml"))).isEqualTo("workers: 4\n");
        assertThat(Files.readSymbolicLink(out.resolve("current"))).isEqualTo(Path.of("agent.yaml"));
        assertThat(outcome.record().region()).isEqualTo("eu-west-1");
        assertThat(outcome.record().backupId()).isEqualTo(backup.backupId());
        try (ObjectStore store = SECONDARY.open(secondary())) {
            assertThat(new BackupCatalog(store).restoreHistory("configuration", BackupId.parse(backup.backupId()).orElseThrow())).hasSize(1);
        }
    }

    @Test
    public void withThePrimaryFrozenAnyRegionFallsBackToTheSecondaryWithinTheStoreTimeouts() throws Exception {
        primary.freeze();
        Path out = temp.getRoot().toPath().resolve("out");
        long start = System.nanoTime();

        RestoreOutcome outcome = restore(RestoreRequest.of("configuration").withRegion(null, true).withTo(out));

        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(outcome.record().region()).isEqualTo("eu-west-1");
        assertThat(outcome.skipped()).singleElement().asString().startsWith("us-east-1: the store does not answer");
        assertThat(Files.readString(out.resolve("agent.yaml"))).isEqualTo("workers: 4\n");
        // The probe of a silent store is bounded by StoreTimeouts.probe (10 s by default), not by the SDK's retries.
        assertThat(seconds).isLessThan(40);
    }

    @Test
    public void withThePrimaryUpAnyRegionReadsThePrimary() throws Exception {
        RestoreOutcome outcome = restore(RestoreRequest.of("configuration").withRegion(null, true).withTo(temp.getRoot().toPath().resolve("out")));

        assertThat(outcome.record().region()).isEqualTo("us-east-1");
        assertThat(outcome.skipped()).isEmpty();
    }
}
