package org.drjenkins.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.paging.OperationIncidents;
import org.drjenkins.engine.restore.RecoveryTarget;
import org.drjenkins.engine.restore.VerifyOutcome;
import org.drjenkins.engine.restore.VerifyRequest;
import org.drjenkins.engine.restore.VerifyRestoreService;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.wal.Lsn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "verify-restore", header = "Prove a backup by restoring it into a scratch place; measures RTO and RPO.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Prove a backup: stream every artifact, check size and SHA-256, authenticate and decrypt (age), decompress;",
                "then restore it into a scratch place (postgres: an ephemeral cluster, always destroyed afterwards; directory:",
                "a scratch directory, refusing entries that escape it) and check it (row counts against the manifest, the",
                "component's SQL checks, the file list). The wall time is the measured RTO; the recovery point's age the RPO.",
                "The record is stored as verification.json beside the manifest in every region holding the backup.", "",
                "postgres-cluster: the base backup is restored into an ephemeral cluster and the archived WAL replayed to the end,",
                "or to --to-time / --to-lsn (then the newest base backup finished before the target is used); the recovery point",
                "actually reached is reported.", "",
                "Needs DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE for encrypted backups.",
                "Exit codes: 0 verified, 1 not verified (corruption, failed check, restore error), 2 bad input."})
final class VerifyRestoreCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--component", required = true, paramLabel = "NAME", description = "The component whose backup to verify.")
    String component;

    @Option(names = "--backup", defaultValue = "latest", paramLabel = "ID|latest|latest-verified",
            description = "Which backup. Default: ${DEFAULT-VALUE} (the newest with a manifest).")
    String backup;

    @Option(names = "--target", paramLabel = "URL",
            description = "Restore into this existing PostgreSQL server (postgresql://user@host:port/db) instead of an ephemeral cluster; "
                    + "the database created there is named after the backed-up database, not the URL's.")
    String target;

    @Option(names = "--replace", description = "With --target: drop an existing database of the same name first.")
    boolean replace;

    @Option(names = "--integrity-only", description = "Stop after size, digest, decryption and decompression: no restore, no database.")
    boolean integrityOnly;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the downloaded artifact and restored files go (needs room for the backup). Default: the system temp dir; "
                    + "the ephemeral cluster always lives in the system temp dir.")
    Path workDir;

    @Option(names = "--to-time", paramLabel = "TIME",
            description = "postgres-cluster: replay WAL up to this moment (ISO-8601, e.g. 2026-01-25T14:03:00Z or 2026-01-25T15:03:00+01:00).")
    String toTime;

    @Option(names = "--to-lsn", paramLabel = "LSN", description = "postgres-cluster: replay WAL up to this position (e.g. 0/3000028).")
    String toLsn;

    @Option(names = "--war", paramLabel = "PATH", description = "jenkins-home: the jenkins.war that boots the restored home (the controller's version).")
    Path war;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "jenkins-home: a folder of .jpi/.hpi files holding the plugins of the backup's plugins.txt (when it holds no plugin binaries).")
    Path plugins;

    @Option(names = "--json", description = "Print the outcome as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DrConfig plan = config.load();
        Secrets secrets = CliEnvironment.secrets();
        StderrProgress progress = new StderrProgress(System.err, false);
        VerifyRestoreService service = new VerifyRestoreService(plan, secrets, CliEnvironment.stores(secrets), Clock.systemUTC(), progress);
        VerifyRequest request = new VerifyRequest(component, backup, Optional.ofNullable(target), replace, integrityOnly,
                Optional.ofNullable(workDir), recoveryTarget()).withJenkins(Optional.ofNullable(war), Optional.ofNullable(plugins));
        VerifyOutcome outcome;
        // A backup proven bad pages the on-call (incidents.severities.verificationFailed) when the plan has channels.
        try (OperationIncidents incidents = OperationIncidents.forPlan(plan, CliEnvironment.stores(secrets), System.getenv(), progress)) {
            outcome = incidents.verification(component, () -> service.run(request));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.toText(toJson(outcome)));
        } else {
            printSummary(out, outcome);
        }
        out.flush();
        return outcome.verified() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private RecoveryTarget recoveryTarget() {
        if (toTime != null && toLsn != null) {
            throw new InvalidRequestException("--to-time and --to-lsn: give one target, not both");
        }
        if (toTime != null) {
            try {
                return RecoveryTarget.time(OffsetDateTime.parse(toTime).toInstant());
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("--to-time " + toTime + ": not an ISO-8601 time with offset; use e.g. 2026-01-25T14:03:00Z");
            }
        }
        if (toLsn != null) {
            try {
                return RecoveryTarget.lsn(Lsn.parse(toLsn));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("--to-lsn " + e.getMessage());
            }
        }
        return RecoveryTarget.END;
    }

    static Map<String, Object> toJson(VerifyOutcome outcome) {
        VerificationRecord r = outcome.record();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backupId", r.backupId());
        json.put("component", outcome.component());
        json.put("verified", r.passed());
        json.put("failedBy", r.failedBy() == null ? null : r.failedBy().name().toLowerCase(java.util.Locale.ROOT));
        json.put("mode", r.mode());
        json.put("failures", r.failures());
        json.put("phases", r.phaseSeconds());
        json.put("checks", r.checks());
        json.put("rtoSeconds", r.rtoSeconds());
        json.put("rtoTargetSeconds", outcome.rtoTargetSeconds());
        json.put("rpoSeconds", r.rpoSeconds());
        json.put("rpoTargetSeconds", outcome.rpoTargetSeconds());
        json.put("compliant", outcome.compliant());
        json.put("recordedIn", outcome.recordedIn());
        json.put("recoveryPoint", outcome.consistentAt().toString());
        return json;
    }

    private static void printSummary(PrintWriter out, VerifyOutcome outcome) {
        VerificationRecord r = outcome.record();
        out.printf("%s %s/%s (%s)%n", r.passed() ? "VERIFIED" : outcome.inconclusive() ? "INCONCLUSIVE (the environment failed, not the backup)"
                : "NOT VERIFIED", outcome.component(), r.backupId(), r.mode());
        r.phaseSeconds().forEach((phase, seconds) -> out.printf("  %-12s %s%n", phase, human(seconds)));
        for (VerificationRecord.CheckResult check : r.checks()) {
            out.printf("  [%s] %s: %s%n", check.passed() ? "ok" : "FAIL", check.name(), check.detail());
        }
        for (String failure : r.failures()) {
            out.println("  failure: " + failure);
        }
        out.printf("  RTO %s / target %s   RPO %s / target %s   %s%n", human(r.rtoSeconds()), Durations.format(outcome.targets().rto()),
                human(r.rpoSeconds()), Durations.format(outcome.targets().rpo()), outcome.compliant() ? "COMPLIANT" : "NOT COMPLIANT");
        out.println("  recovery point: " + outcome.consistentAt());
        out.println("  recorded in: " + (outcome.recordedIn().isEmpty() ? "nothing; the previous record stands (the run says nothing about the backup itself)"
                : String.join(", ", outcome.recordedIn())));
    }

    static String human(double seconds) {
        return Durations.format(Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
