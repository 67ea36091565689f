package org.drjenkins.engine.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupResult;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.compliance.ComplianceService;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Static assets (type s3-prefix) against the project's local S3 server: an origin bucket of 2,000 objects copied into
 * the two other regions, incremental runs, verification by digest, RPO and retention.
 */
public class AssetBackupTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    private static final int OBJECTS = 2_000;
    private static int origins;
    private static HttpServer cdn;
    private static final AtomicReference<String> cdnRequest = new AtomicReference<>();

    @BeforeClass
    public static void startCdn() throws Exception {
        // A local stand-in for the CDN that records the exact request it gets.
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn.createContext("/", exchange -> {
            cdnRequest.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            int status = exchange.getRequestURI().getPath().equals("/static/index.html") ? 200 : 404;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        cdn.start();
    }

    @AfterClass
    public static void stopCdn() {
        cdn.stop(0);
    }

    private record Plan(DrConfig config, Region origin) {
        Component component() {
            return config.component("assets").orElseThrow();
        }

        Region region(String name) {
            return config.region(name).orElseThrow();
        }
    }

    /** A plan whose origin bucket holds {@code count} distinct objects under static/ and one outside the prefix. */
    private static Plan plan(int count, String extra) {
        String bucket = "origin-" + (++origins);
        DrConfig config = S3.config("components:\n  assets: { type: s3-prefix, bucket: " + bucket + ", prefix: static/" + extra + " }\n");
        Region origin = AssetBackup.originRegion(config, config.component("assets").orElseThrow().s3Prefix());
        try (ObjectStore store = S3.open(origin)) {
            store.createBucketIfMissing();
            for (int i = 0; i < count; i++) {
                store.putBytes(key(i), ("asset " + i + " " + "x".repeat(i % 97)).getBytes(StandardCharsets.UTF_8), "text/css");
            }
            store.putBytes("private/not-an-asset.txt", "outside the prefix".getBytes(StandardCharsets.UTF_8), "text/plain");
        }
        return new Plan(config, origin);
    }

    private static String key(int i) {
        return String.format("static/css/file-%04d.css", i);
    }

    private static AssetBackupResult backUp(Plan plan, Clock clock) {
        return new AssetBackup(plan.config(), S3.stores(), clock, Progress.NONE).run(plan.component(), false, false);
    }

    private static VerifyOutcome verify(Plan plan) {
        return new VerifyRestoreService(plan.config(), secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(VerifyRequest.latest("assets"));
    }

    private static Secrets secrets() {
        return new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
    }

    private static List<String> copies(Plan plan, String region) {
        try (ObjectStore store = S3.open(plan.region(region))) {
            return store.list(AssetLayout.objectsPrefix("assets")).stream().map(o -> o.key()).toList();
        }
    }

    @Test
    public void twoThousandObjectsAreCopiedIntoBothOtherRegionsAndTheNextRunCopiesOnlyWhatChanged() {
        Plan plan = plan(OBJECTS, "");

        AssetBackupResult first = backUp(plan, Clock.systemUTC());

        assertThat(first.copied()).containsExactly(Map.entry("eu-west-1", OBJECTS), Map.entry("ap-southeast-1", OBJECTS));
        assertThat(first.copyFailures()).isEmpty();
        assertThat(first.regions()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-1");
        assertThat(first.listing().objects()).hasSize(OBJECTS).allSatisfy(o -> {
            assertThat(o.key()).startsWith("static/");
            assertThat(o.etag()).isNotBlank();
            assertThat(o.sha256()).hasSize(64);
        });
        assertThat(first.listing().added()).hasSize(OBJECTS);
        assertThat(copies(plan, "eu-west-1")).hasSize(OBJECTS);
        assertThat(copies(plan, "ap-southeast-1")).hasSize(OBJECTS);

        try (ObjectStore origin = S3.open(plan.origin())) {
            origin.putBytes(key(7), "asset 7, new build".getBytes(StandardCharsets.UTF_8), "text/css");
            origin.delete(key(8));
        }
        AssetBackupResult second = backUp(plan, Clock.systemUTC());

        assertThat(second.copied()).containsExactly(Map.entry("eu-west-1", 1), Map.entry("ap-southeast-1", 1));
        assertThat(second.listing().changed()).containsExactly(key(7));
        assertThat(second.listing().deleted()).containsExactly(key(8));
        assertThat(second.listing().added()).isEmpty();
        assertThat(second.listing().objects()).hasSize(OBJECTS - 1).noneMatch(o -> o.key().equals(key(8)));
        assertThat(second.manifest().source()).containsEntry("objects", OBJECTS - 1).containsEntry("changed", 1)
                .containsEntry("deleted", 1);
        // Both backups are inside the window: the first one's bytes of file 7 and file 8 are kept for it.
        assertThat(copies(plan, "eu-west-1")).hasSize(OBJECTS + 1);
    }

    @Test
    public void aFlippedByteInACopyIsCaughtByVerificationNamingTheRegionAndTheKey() throws Exception {
        Plan plan = plan(50, "");
        AssetBackupResult backup = backUp(plan, Clock.systemUTC());
        assertThat(verify(plan).record().failures()).isEmpty();

        AssetObject victim = backup.listing().objects().get(42);
        String copyKey = AssetLayout.objectKey("assets", victim.sha256());
        try (ObjectStore euw1 = S3.open(plan.region("eu-west-1"))) {
            byte[] bytes = euw1.getBytes(copyKey).orElseThrow();
            bytes[3] ^= 0x01;
            euw1.putBytes(copyKey, bytes, "text/css");
        }
        VerifyOutcome outcome = verify(plan);

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).singleElement().satisfies(f -> assertThat(f)
                .startsWith("eu-west-1: " + victim.key() + " (" + copyKey + "): SHA-256 of the copy is ")
                .endsWith("the manifest says " + victim.sha256() + ": the copy is damaged"));
        assertThat(outcome.recordedIn()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-1");

        // Removed as the docs say, the damaged copy is copied again by the next backup, and only in its region.
        try (ObjectStore euw1 = S3.open(plan.region("eu-west-1"))) {
            euw1.delete(copyKey);
        }
        assertThat(backUp(plan, Clock.systemUTC()).copied()).containsExactly(Map.entry("eu-west-1", 1), Map.entry("ap-southeast-1", 0));
        assertThat(verify(plan).verified()).isTrue();
    }

    @Test
    public void backupThroughTheBackupServiceVerifiesAndGivesAComplianceVerdictWithTheMeasuredRpo() {
        Plan plan = plan(20, ", sample: 5");
        BackupResult backup = new BackupService(plan.config(), secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(BackupRequest.of("assets"));
        assertThat(backup.regions()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-1");
        assertThat(backup.manifest().sourceType()).isEqualTo("s3-prefix");

        VerifyOutcome verified = verify(plan);
        assertThat(verified.verified()).isTrue();
        // sample: 5 of the 20 objects read back in each of the two other regions, so less than all of them twice.
        long allBytes = ((Number) backup.manifest().source().get("bytes")).longValue();
        // The raw size is what a restore reads back (the objects), not the key manifest's own size.
        assertThat(backup.manifest().rawBytes()).isEqualTo(allBytes);
        assertThat(verified.record().restoredBytes()).isPositive().isLessThan(2 * allBytes);

        Instant tenMinutesLater = backup.consistentAt().plus(Duration.ofMinutes(10));
        ComponentCompliance compliance = new ComplianceService(plan.config(), S3.stores()).evaluate(tenMinutesLater)
                .components().stream().filter(c -> c.component().equals("assets")).findFirst().orElseThrow();

        assertThat(compliance.rpoSeconds()).contains(600.0);
        assertThat(compliance.verdict()).isNotEqualTo(Verdict.NO_EVIDENCE);
        assertThat(compliance.rpoBasis()).startsWith("verified backup ");
    }

    @Test
    public void verificationAsksTheCdnForAnAssetCheckedAtTheHttpWireLevel() {
        Plan plan = plan(3, ", healthCheck: { http: \"http://127.0.0.1:" + cdn.getAddress().getPort() + "/static/index.html\" }");
        backUp(plan, Clock.systemUTC());

        VerifyOutcome outcome = verify(plan);

        assertThat(cdnRequest.get()).isEqualTo("GET /static/index.html");
        assertThat(outcome.record().checks()).singleElement().satisfies(c -> {
            assertThat(c.passed()).isTrue();
            assertThat(c.detail()).startsWith("HTTP 200");
        });
        assertThat(outcome.verified()).isTrue();
    }

    @Test
    public void retentionDropsBackupsOutsideTheWindowAndTheCopiesOnlyTheyListed() {
        Plan plan = plan(10, "");
        Clock fortyDaysAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-40));
        backUp(plan, fortyDaysAgo);
        try (ObjectStore origin = S3.open(plan.origin())) {
            origin.putBytes(key(1), "asset 1, rebuilt".getBytes(StandardCharsets.UTF_8), "text/css");
            origin.delete(key(2));
        }

        AssetBackupResult now = backUp(plan, Clock.systemUTC());

        assertThat(now.retention()).filteredOn(d -> d.delete()).hasSize(3); // the old backup, in each region
        List<String> expected = new ArrayList<>();
        now.listing().objects().forEach(o -> expected.add(AssetLayout.objectKey("assets", o.sha256())));
        assertThat(copies(plan, "eu-west-1")).containsExactlyInAnyOrderElementsOf(expected).hasSize(9);
        assertThat(copies(plan, "ap-southeast-1")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    public void anEmptyPrefixIsACompleteBackupOfNothing() {
        Plan plan = plan(3, "");
        try (ObjectStore origin = S3.open(plan.origin())) {
            origin.delete(key(0));
            origin.delete(key(1));
            origin.delete(key(2));
            origin.delete("private/not-an-asset.txt");
        }
        // A site with no assets yet: still a complete backup, so compliance has a recovery point.
        AssetBackupResult empty = backUp(plan, Clock.systemUTC());
        assertThat(empty.listing().objects()).isEmpty();
        assertThat(empty.regions()).hasSize(3);
    }
}
