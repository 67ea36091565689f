package org.drjenkins.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.drjenkins.engine.drill.ComponentResult;
import org.drjenkins.engine.drill.DrillHistory;
import org.drjenkins.engine.drill.DrillJunit;
import org.drjenkins.engine.drill.DrillMarkdown;
import org.drjenkins.engine.drill.DrillOptions;
import org.drjenkins.engine.drill.DrillReport;
import org.drjenkins.engine.drill.DrillRunner;
import org.drjenkins.engine.drill.DrillTools;
import org.drjenkins.engine.drill.PhaseResult;
import org.drjenkins.engine.drill.Scenario;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.report.EvidenceFormat;
import org.drjenkins.engine.report.HtmlReport;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.RecoveryTarget;
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

@Command(name = "demo", header = "A full DR drill on embedded defaults, with nothing to set up.", sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Starts a local S3-compatible store (a bucket per region of the plan), a throwaway PostgreSQL primary with",
                "sample data and a streaming standby, then: backs up a database, a config tree and an encrypted secrets dump",
                "and copies them across regions; proves each backup by restoring it; runs a database-failover drill (marker",
                "writes, the primary stopped, detection, promotion of the standby, measured RTO and data loss, rollback with",
                "pg_rewind and switch back); prints the measured RPO/RTO against the plan's targets. Writes an HTML report",
                "and the drill's JUnit and Markdown reports, and removes every process and temp file it started."})
final class DemoCommand implements Callable<Integer> {

    /** Drills shorten detection so the demo takes seconds; the report says so next to the plan's own 30s / 5m. */
    static final Duration DRILL_INTERVAL = Duration.ofMillis(250);
    static final Duration DRILL_THRESHOLD = Duration.ofSeconds(2);

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "dr-demo-report/index.html",
            description = "Where to write the HTML report (the drill's reports go beside it). Default: ${DEFAULT-VALUE}.")
    Path report;

    @Option(names = "--keep", description = "Keep the demo's temp directory (dr.yaml, the store's files) for a look afterwards.")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StderrProgress quiet = new StderrProgress(System.err, true);
        HtmlReport html = new HtmlReport("dr demo: a disaster-recovery drill on embedded defaults");
        Path home = Files.createTempDirectory("dr-demo-");
        // PostgreSQL's archive_command runs as the postgres user and reads dr.yaml and the jar from here.
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Optional<Path> jar = DemoArchiving.runningJar();
        Narrator say = new Narrator(out, html);
        try (LocalS3Server s3 = say.timed("start a local S3-compatible store (S3Proxy) on 127.0.0.1",
                () -> LocalS3Server.start(home.resolve("s3"), "127.0.0.1", 0), s -> "at " + s.endpoint());
                LocalCluster primary = say.timed("start a throwaway PostgreSQL primary with a sample shop database"
                        + (jar.isPresent() ? " (archive_command = dr wal-push)" : ""), () -> startPrimary(jar, home, s3),
                        c -> "port " + c.port() + ", 2,000 customers, 10,000 orders");
                LocalCluster standby = say.timed("start a streaming standby of it (pg_basebackup)",
                        () -> LocalCluster.ephemeralStandbyOf(primary, "demo-standby"), c -> "port " + c.port() + ", in recovery")) {
            AgeKeys.KeyPair key = AgeKeys.generate();
            Path configFile = writeConfig(home, s3, primary, standby, key.recipient(), jar.isPresent());
            DrConfig config = ConfigLoader.load(configFile);
            out.println("    configuration: " + configFile + (keep ? "" : " (removed at the end; --keep keeps it)"));
            StoreProvider stores = region -> StoreConnector.connect(region, s3.credentials());
            for (Region region : config.regions()) {
                try (ObjectStore store = stores.open(region)) {
                    store.createBucketIfMissing();
                }
            }
            Secrets secrets = new Secrets(s3.credentials(), Optional.empty(), List.of(), Optional.of(key.identity()));

            backUpEverything(say, config, secrets, stores, quiet);
            boolean allVerified = verifyEverything(say, config, secrets, stores, quiet);
            if (jar.isPresent()) {
                allVerified &= pointInTimeRestore(say, out, primary, config, secrets, stores, quiet);
            } else {
                out.println("    (point-in-time restore skipped: it needs the packaged jar for archive_command; ./dr demo runs it)");
            }
            DrillReport drill = say.timed("drill: database failover (primary stopped, detected, standby promoted, rolled back)",
                    () -> runDrill(config, secrets, stores, quiet), DemoCommand::drillSummary);
            printDrill(out, drill);
            html.drill(drill.phases().stream().map(p -> new HtmlReport.Step(p.name() + " (" + p.component() + ")",
                    p.status() + ": " + p.detail(), p.seconds())).toList());

            ComplianceReport compliance = new ComplianceService(config, stores).evaluate(Instant.now());
            html.compliance(compliance);
            out.println();
            out.println("Recovery objectives of the backups, measured (not assumed):");
            ComplianceCommand.print(out, compliance);
            ComplianceCommand.printDrills(out, ComplianceCommand.lastDrillPerScenario(new DrillHistory(config, stores).list(), compliance.at()),
                    compliance.at());
            Path written = html.write(report);
            Path dir = written.toAbsolutePath().getParent();
            Files.writeString(dir.resolve("drill.junit.xml"), DrillJunit.render(drill), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("drill.md"), DrillMarkdown.render(drill), StandardCharsets.UTF_8);
            out.println();
            out.println("report: " + written.toAbsolutePath() + " (with drill.md and drill.junit.xml beside it)");
            out.flush();
            return allVerified && drill.passed() ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            if (keep) {
                out.println("kept: " + home);
            } else {
                TempFiles.deleteRecursively(home);
            }
            out.println("cleaned up: local store stopped, PostgreSQL primary and standby removed" + (keep ? "" : ", temp files deleted"));
            out.flush();
        }
    }

    private static void backUpEverything(Narrator say, DrConfig config, Secrets secrets, StoreProvider stores, StderrProgress progress)
            throws Exception {
        BackupService backups = new BackupService(config, secrets, stores, Clock.systemUTC(), progress);
        for (String component : config.components().keySet()) {
            BackupResult result = say.timed("back up " + component, () -> backups.run(BackupRequest.of(component)),
                    r -> r.manifest().backupId() + ": " + ByteSizes.human(r.manifest().storedBytes()) + " stored ("
                            + ByteSizes.human(r.manifest().rawBytes()) + " raw), copied to " + String.join(", ", r.regions()));
            if (!result.fullySucceeded()) {
                throw new IllegalStateException("copies failed: " + result.copyFailures());
            }
        }
    }

    private static boolean verifyEverything(Narrator say, DrConfig config, Secrets secrets, StoreProvider stores, StderrProgress progress)
            throws Exception {
        VerifyRestoreService verifier = new VerifyRestoreService(config, secrets, stores, Clock.systemUTC(), progress);
        boolean allVerified = true;
        for (String component : config.components().keySet()) {
            if (component.equals(DemoArchiving.COMPONENT)) {
                continue; // proven below, by a restore to a moment in time
            }
            VerifyOutcome outcome = say.timed("verify-restore " + component, () -> verifier.run(VerifyRequest.latest(component)),
                    o -> (o.verified() ? "VERIFIED" : "NOT VERIFIED " + o.record().failures()) + "; measured RTO "
                            + EvidenceFormat.seconds(o.record().rtoSeconds()) + ", RPO " + EvidenceFormat.seconds(o.record().rpoSeconds()));
            allVerified &= outcome.verified();
        }
        return allVerified;
    }

    /**
     * Writes a batch, notes the time, writes a second batch, then restores the base backup plus archived WAL to that
     * time into a scratch cluster: the component's check passes only if exactly the first batch is there.
     */
    private static boolean pointInTimeRestore(Narrator say, PrintWriter out, LocalCluster primary, DrConfig config, Secrets secrets,
            StoreProvider stores, StderrProgress progress) throws Exception {
        Instant before = say.timed("write 100 orders, note the time T, write 100 more, archive the WAL", () -> {
            primary.execute(DemoFixtures.DATABASE, "create table late_orders (id int primary key, placed_at timestamptz not null default clock_timestamp());"
                    + "insert into late_orders (id) select generate_series(1, 100)");
            Instant t = Instant.parse(primary.sql(DemoFixtures.DATABASE,
                    "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
            Thread.sleep(1100);
            primary.execute(DemoFixtures.DATABASE, "insert into late_orders (id) select generate_series(101, 200)");
            DemoArchiving.switchAndAwaitArchived(primary, Duration.ofSeconds(60));
            return t;
        }, t -> "T = " + t + "; 200 rows now, WAL archived through the switch");
        VerifyRestoreService verifier = new VerifyRestoreService(config, secrets, stores, Clock.systemUTC(), progress);
        VerifyOutcome outcome = say.timed("verify-restore " + DemoArchiving.COMPONENT + " --to-time T (base backup + archived WAL)",
                () -> verifier.run(VerifyRequest.latest(DemoArchiving.COMPONENT).withRecoveryTarget(RecoveryTarget.time(before))),
                o -> (o.verified() ? "VERIFIED: exactly the 100 rows before T" : "NOT VERIFIED " + o.record().failures())
                        + "; recovery point " + o.consistentAt() + ", measured RTO " + EvidenceFormat.seconds(o.record().rtoSeconds()));
        return outcome.verified();
    }

    private static DrillReport runDrill(DrConfig config, Secrets secrets, StoreProvider stores, StderrProgress progress) {
        FailoverTools failover = FailoverTools.from(config, secrets, Map.of(), progress);
        try {
            DrillTools tools = new DrillTools(secrets, stores, failover, Map.of());
            DrillOptions options = DrillOptions.of(Scenario.DATABASE_FAILOVER).detection(DRILL_INTERVAL, DRILL_THRESHOLD).switchingBack(true);
            return new DrillRunner(config, tools, Clock.systemUTC(), progress).run(options);
        } finally {
            failover.notifier().close();
        }
    }

    private static String drillSummary(DrillReport drill) {
        return drill.outcome() + ": RTO " + (drill.rtoSeconds() == null ? "not measured" : EvidenceFormat.seconds(drill.rtoSeconds()))
                + ", data lost " + (drill.rpoSeconds() == null ? "not measured" : EvidenceFormat.seconds(drill.rpoSeconds()))
                + (drill.compliant() ? " (within targets)" : " (NOT within targets)");
    }

    private static void printDrill(PrintWriter out, DrillReport drill) {
        for (PhaseResult phase : drill.phases()) {
            out.printf("      %-8s %-22s %8s  %s%n", phase.status(), phase.name(), EvidenceFormat.seconds(phase.seconds()), phase.detail());
        }
        for (ComponentResult c : drill.components()) {
            out.printf("      %s: RTO %s / target %s, RPO %s / target %s (%s)%n", c.component(),
                    c.rtoSeconds() == null ? "n/a" : EvidenceFormat.seconds(c.rtoSeconds()), EvidenceFormat.seconds(c.rtoTargetSeconds()),
                    c.rpoSeconds() == null ? "n/a" : EvidenceFormat.seconds(c.rpoSeconds()), EvidenceFormat.seconds(c.rpoTargetSeconds()),
                    c.basis());
        }
        if (drill.detection() != null) {
            out.println("      detection: " + drill.detection());
        }
    }

    private static LocalCluster startPrimary(Optional<Path> jar, Path home, LocalS3Server s3) throws Exception {
        LocalCluster cluster = jar.isPresent() ? LocalCluster.ephemeral("demo", DemoArchiving.archivingOptions(jar.get(), home, s3))
                : LocalCluster.ephemeral("demo");
        try {
            DemoFixtures.createDatabase(cluster);
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private Path writeConfig(Path home, LocalS3Server s3, LocalCluster primary, LocalCluster standby, String recipient, boolean archiving)
            throws Exception {
        Path configDir = DemoFixtures.createConfigTree(home);
        Path file = home.resolve("dr.yaml");
        String yaml = """
                # Written by dr demo: the plan's defaults, with every region's bucket on the local store and both
                # databases on this machine (dataDirectory lets the drill stop, rewind and restart them).
                regions:
                  - name: us-east-1
                    role: primary
                    bucket: dr-demo-use1
                    endpoint: "%1$s"
                    database: "%2$s"
                    dataDirectory: "%3$s"
                  - name: eu-west-1
                    role: secondary
                    bucket: dr-demo-euw1
                    endpoint: "%1$s"
                    database: "%4$s"
                    dataDirectory: "%5$s"
                  - { name: ap-southeast-1, role: tertiary, bucket: dr-demo-apse1, endpoint: "%1$s" }
                components:
                  database:      { type: postgres, url: "%6$s", checks: ["select count(*) = 2000 from customers"] }
                  configuration: { type: directory, path: "%7$s" }
                  secrets:       { type: command, command: "%8$s", encrypt: true }
                %10$s
                age:
                  recipients: [ "%9$s" ]
                """.formatted(s3.endpoint(), primary.url("postgres"), primary.dataDir(), standby.url("postgres"), standby.dataDir(),
                primary.url(DemoFixtures.DATABASE), configDir,
                DemoFixtures.secretsCommand().replace("\\", "\\\\").replace("\"", "\\\""), recipient,
                archiving ? "  " + DemoArchiving.COMPONENT + ": { type: postgres-cluster, url: \"" + primary.url(DemoFixtures.DATABASE)
                        + "\", checks: [\"select count(*) = 100 from late_orders\"] }" : "");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        return file;
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
