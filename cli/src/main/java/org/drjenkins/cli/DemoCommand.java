package org.drjenkins.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupResult;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.compliance.ComplianceReport;
import org.drjenkins.engine.compliance.ComplianceService;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.report.EvidenceFormat;
import org.drjenkins.engine.report.HtmlReport;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.ByteSizes;
import org.drjenkins.engine.util.TempFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", header = "A full DR run on embedded defaults, with nothing to set up.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"A full DR run on embedded defaults, with nothing to set up: starts a local S3-compatible store (three",
                "regions' buckets) and a throwaway PostgreSQL cluster with sample data, backs up a database, a config tree and",
                "an encrypted secrets dump, copies them across regions, proves each backup by restoring it, and prints the",
                "measured RPO/RTO against the plan's targets. Writes an HTML report and removes everything it started."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "dr-demo-report/index.html",
            description = "Where to write the HTML report. Default: ${DEFAULT-VALUE}.")
    Path report;

    @Option(names = "--keep", description = "Keep the demo's temp directory (dr.yaml, the store's files) for a look afterwards.")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StderrProgress progress = new StderrProgress(System.err, true);
        HtmlReport html = new HtmlReport("dr demo: disaster-recovery run on embedded defaults");
        Path home = Files.createTempDirectory("dr-demo-");
        Narrator say = new Narrator(out, html);
        try (LocalS3Server s3 = say.timed("start a local S3-compatible store (S3Proxy) on 127.0.0.1",
                () -> LocalS3Server.start(home.resolve("s3"), "127.0.0.1", 0), s -> "at " + s.endpoint());
                LocalCluster db = say.timed("start a throwaway PostgreSQL cluster with a sample shop database",
                        () -> startDatabase(), c -> "port " + c.port() + ", 2,000 customers, 10,000 orders")) {
            AgeKeys.KeyPair key = AgeKeys.generate();
            Path configDir = DemoFixtures.createConfigTree(home);
            Path configFile = home.resolve("dr.yaml");
            Files.writeString(configFile, yaml(s3, db, configDir, key.recipient()), StandardCharsets.UTF_8);
            DrConfig config = ConfigLoader.load(configFile);
            out.println("    configuration: " + configFile + (keep ? "" : " (removed at the end; --keep keeps it)"));
            StoreProvider stores = region -> StoreConnector.connect(region, s3.credentials());
            for (Region region : config.regions()) {
                try (ObjectStore store = stores.open(region)) {
                    store.createBucketIfMissing();
                }
            }
            Secrets secrets = new Secrets(s3.credentials(), Optional.empty(), java.util.List.of(), Optional.of(key.identity()));

            BackupService backups = new BackupService(config, secrets, stores, Clock.systemUTC(), progress);
            for (String component : config.components().keySet()) {
                BackupResult result = say.timed("back up " + component, () -> backups.run(BackupRequest.of(component)),
                        r -> r.manifest().backupId() + ": " + ByteSizes.human(r.manifest().storedBytes()) + " stored ("
                                + ByteSizes.human(r.manifest().rawBytes()) + " raw), copied to " + String.join(", ", r.regions()));
                if (!result.fullySucceeded()) {
                    throw new IllegalStateException("copies failed: " + result.copyFailures());
                }
            }
            VerifyRestoreService verifier = new VerifyRestoreService(config, secrets, stores, Clock.systemUTC(), progress);
            boolean allVerified = true;
            for (String component : config.components().keySet()) {
                VerifyOutcome outcome = say.timed("verify-restore " + component, () -> verifier.run(VerifyRequest.latest(component)),
                        o -> (o.verified() ? "VERIFIED" : "NOT VERIFIED " + o.record().failures()) + "; measured RTO "
                                + EvidenceFormat.seconds(o.record().rtoSeconds()) + ", RPO " + EvidenceFormat.seconds(o.record().rpoSeconds()));
                allVerified &= outcome.verified();
            }
            ComplianceReport compliance = new ComplianceService(config, stores).evaluate(Instant.now());
            html.compliance(compliance);
            out.println();
            out.println("Recovery objectives, measured (not assumed):");
            ComplianceCommand.print(out, compliance);
            Path written = html.write(report);
            out.println();
            out.println("report: " + written.toAbsolutePath());
            out.flush();
            return allVerified ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            if (keep) {
                out.println("kept: " + home);
            } else {
                TempFiles.deleteRecursively(home);
            }
            out.println("cleaned up: local store stopped, PostgreSQL cluster removed" + (keep ? "" : ", temp files deleted"));
            out.flush();
        }
    }

    private static LocalCluster startDatabase() throws Exception {
        LocalCluster cluster = LocalCluster.ephemeral("demo");
        try {
            DemoFixtures.createDatabase(cluster);
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private static String yaml(LocalS3Server s3, LocalCluster db, Path configDir, String recipient) {
        return """
                # Written by dr demo: the plan's defaults, with every region's bucket on the local store.
                regions:
                  - { name: us-east-1,      role: primary,   bucket: dr-demo-use1, endpoint: "%1$s" }
                  - { name: eu-west-1,      role: secondary, bucket: dr-demo-euw1, endpoint: "%1$s" }
                  - { name: ap-southeast-1, role: tertiary,  bucket: dr-demo-apse1, endpoint: "%1$s" }
                components:
                  database:      { type: postgres, url: "%2$s", checks: ["select count(*) = 2000 from customers"] }
                  configuration: { type: directory, path: "%3$s" }
                  secrets:       { type: command, command: "%4$s", encrypt: true }
                age:
                  recipients: [ "%5$s" ]
                """.formatted(s3.endpoint(), db.url(DemoFixtures.DATABASE), configDir, DemoFixtures.secretsCommand().replace("\\", "\\\\")
                .replace("\"", "\\\""), recipient);
    }

    /** Prints each step as it happens, with its wall time, and records it for the HTML report. */
    private static final class Narrator {

        private final PrintWriter out;
        private final HtmlReport html;

        Narrator(PrintWriter out, HtmlReport html) {
            this.out = out;
            this.html = html;
        }

        <T> T timed(String what, ThrowingSupplier<T> action, java.util.function.Function<T, String> describe) throws Exception {
            out.println("==> " + what);
            out.flush();
            long start = System.nanoTime();
            T result = action.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            String outcome = describe.apply(result);
            out.printf("    %s (%s)%n", outcome, EvidenceFormat.seconds(seconds));
            out.flush();
            html.step(what, outcome, seconds);
            return result;
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
