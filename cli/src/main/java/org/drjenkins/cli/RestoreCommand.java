package org.drjenkins.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.RestoreRecord;
import org.drjenkins.engine.restore.RecoveryTarget;
import org.drjenkins.engine.restore.RestoreOutcome;
import org.drjenkins.engine.restore.RestoreRequest;
import org.drjenkins.engine.restore.RestoreService;
import org.drjenkins.engine.restore.TreeChanges;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.wal.Lsn;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "restore", header = "Restore a backup for real, into the place an incident needs it.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Restore a backup for real. The target follows what the backup holds:",
                "  a file tree (directory, jenkins-home): --to DIR    (empty, or --replace; --diff shows the changes only)",
                "  a pg_dump (postgres):                  --target URL (a database; existing with data: --replace)",
                "  a base backup (postgres-cluster):      --data-dir DIR with --to-time T | --to-lsn L | --latest,",
                "                                         optionally --start --port P [--pause-at-target]",
                "  command output:                        --output FILE or standard output",
                "                                         (kind: kubernetes-secrets: a manifest for kubectl apply -f)", "",
                "Every restore first downloads and verifies the whole artifact (size, SHA-256, age decryption), then writes",
                "beside the target and swaps it in: a failure leaves the target as it was. A target in use (a non-empty",
                "directory being replaced, a database with connections, a running server on the data directory) also",
                "needs --confirm. The duration is recorded as evidence of kind restore beside the backup's manifest.", "",
                "--region R reads backup, manifest and WAL from that region's bucket; --any-region falls back to the",
                "next region in the plan's order when a store does not answer.",
                "Progress goes to stderr. Exit codes: 0 restored (or --diff shown), 1 failed (target left as it was),",
                "2 bad input or a refused target (nothing written)."})
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--component", required = true, paramLabel = "NAME", description = "The component to restore.")
    String component;

    @Option(names = "--backup", paramLabel = "ID|latest", description = "Which backup (default: latest; see dr backups).")
    String backup;

    @Option(names = "--latest-verified", description = "The newest backup whose verify-restore passed.")
    boolean latestVerified;

    @Option(names = "--region", paramLabel = "NAME", description = "Read from this region's bucket (default: the primary's).")
    String region;

    @Option(names = "--any-region", description = "When the region's store does not answer, fall back in the plan's region order.")
    boolean anyRegion;

    @Option(names = "--to", paramLabel = "DIR", description = "File trees: the directory to restore into.")
    Path to;

    @Option(names = "--diff", description = "File trees: show what would change against --to; write nothing.")
    boolean diff;

    @Option(names = "--target", paramLabel = "URL", description = "postgres: the database to restore into (postgresql://user@host:port/db).")
    String target;

    @Option(names = "--no-owner", description = "postgres: objects belong to the restoring user (the backup's roles need not exist).")
    boolean noOwner;

    @Option(names = "--no-acl", description = "postgres: restore no GRANTs.")
    boolean noAcl;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "0", description = "postgres: parallel pg_restore jobs (default: one per CPU).")
    int jobs;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "postgres-cluster: the data directory to restore into.")
    Path dataDir;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PointInTime pointInTime;

    static final class PointInTime {
        @Option(names = "--to-time", paramLabel = "TIME", description = "postgres-cluster: replay WAL up to this moment (ISO-8601 with offset).")
        String toTime;

        @Option(names = "--to-lsn", paramLabel = "LSN", description = "postgres-cluster: replay WAL up to this position (e.g. 0/3000028).")
        String toLsn;

        @Option(names = "--latest", description = "postgres-cluster: replay all archived WAL (the default).")
        boolean latest;
    }

    @Option(names = "--start", description = "postgres-cluster: start the server and wait until it reached the target.")
    boolean start;

    @Option(names = "--port", paramLabel = "PORT", description = "postgres-cluster with --start: the port it listens on.")
    Integer port;

    @Option(names = "--pause-at-target", description = "postgres-cluster: pause at the target instead of promoting (inspect, then pg_wal_replay_resume()).")
    boolean pauseAtTarget;

    @Option(names = "--output", paramLabel = "FILE", description = "command: the file to write (default: standard output).")
    Path output;

    @Option(names = "--replace", description = "The target may hold data: it is replaced, never merged.")
    boolean replace;

    @Option(names = "--confirm", description = "Replace a target that is in use (a non-empty directory, a database with connections, a running server).")
    boolean confirm;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the verified local copy is kept while restoring (default: the system temp dir).")
    Path workDir;

    @Option(names = "--dr-command", paramLabel = "PATH", description = "postgres-cluster: the dr that restore_command runs (default: this launcher, or dr on PATH).")
    String drCommand;

    @Option(names = "--json", description = "Print the outcome as JSON on stdout.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (latestVerified && backup != null) {
            throw new InvalidRequestException("--backup and --latest-verified: choose one");
        }
        if (json && output == null && dataDir == null && to == null && target == null) {
            throw new InvalidRequestException("--json with command output on stdout: pass --output FILE so the bytes and the JSON do not mix");
        }
        DrConfig plan = config.load();
        Secrets secrets = CliEnvironment.secrets();
        RestoreRequest request = RestoreRequest.of(component).withBackup(latestVerified ? "latest-verified" : backup)
                .withRegion(region, anyRegion).withTo(to).withDiff(diff).withTarget(target).withRoles(noOwner, noAcl, jobs)
                .withDataDir(dataDir).withRecoveryTarget(recoveryTarget()).withStart(start, port, pauseAtTarget).withOutput(output)
                .withReplace(replace, confirm).withWorkDir(workDir).withWalFetch(walFetch());
        PrintStream stdout = System.out;
        RestoreOutcome outcome = new RestoreService(plan, secrets, CliEnvironment.stores(secrets), Clock.systemUTC(),
                new StderrProgress(System.err, false)).run(request, stdout);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.toText(toJson(outcome)));
        } else if (output != null || to != null || target != null || dataDir != null) {
            printSummary(out, outcome);
        } else {
            printSummary(spec.commandLine().getErr(), outcome); // stdout holds the restored bytes
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The restore_command prefix: this launcher (./dr exports DR_SELF), with the plan given as an absolute path. */
    private String walFetch() {
        String dr = drCommand != null ? drCommand : System.getenv().getOrDefault("DR_SELF", "dr");
        return quote(dr) + " wal-fetch --config " + quote(config.file.toAbsolutePath().normalize().toString());
    }

    private static String quote(String word) {
        return word.matches("[A-Za-z0-9_./=:@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private RecoveryTarget recoveryTarget() {
        if (pointInTime == null || pointInTime.latest) {
            return RecoveryTarget.END;
        }
        if (pointInTime.toTime != null) {
            try {
                return RecoveryTarget.time(OffsetDateTime.parse(pointInTime.toTime).toInstant());
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("--to-time " + pointInTime.toTime + ": not an ISO-8601 time with offset; use e.g. 2026-01-25T14:03:00Z");
            }
        }
        try {
            return RecoveryTarget.lsn(Lsn.parse(pointInTime.toLsn));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("--to-lsn " + e.getMessage());
        }
    }

    static Map<String, Object> toJson(RestoreOutcome outcome) {
        RestoreRecord r = outcome.record();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("component", r.component());
        json.put("backupId", r.backupId());
        json.put("region", r.region());
        json.put("target", r.target());
        json.put("written", outcome.written());
        json.put("seconds", r.seconds());
        json.put("restoredBytes", r.restoredBytes());
        json.put("recoveryPoint", r.recoveryPoint().toString());
        json.put("detail", r.detail());
        outcome.changes().ifPresent(c -> json.put("changes", Map.of("added", c.added(), "changed", c.changed(), "removed", c.removed(),
                "unchanged", c.unchanged(), "firstPaths", c.firstPaths())));
        json.put("recordedIn", outcome.recordedIn().orElse(null));
        json.put("skippedRegions", outcome.skipped());
        return json;
    }

    private static void printSummary(PrintWriter out, RestoreOutcome outcome) {
        RestoreRecord r = outcome.record();
        out.printf("%s %s/%s from %s%n", outcome.written() ? "RESTORED" : "DIFF (nothing written)", r.component(), r.backupId(), r.region());
        out.println("  " + r.detail());
        outcome.changes().map(TreeChanges::firstPaths).ifPresent(paths -> paths.forEach(p -> out.println("    " + p)));
        if (outcome.written()) {
            out.printf("  took %s (RTO of this restore)   recovery point %s%n", VerifyRestoreCommand.human(r.seconds()), r.recoveryPoint());
            out.println("  recorded in: " + outcome.recordedIn().orElse("nothing (the store refused the record; the restore itself is done)"));
        }
        outcome.skipped().forEach(s -> out.println("  skipped " + s));
        out.flush();
    }
}
