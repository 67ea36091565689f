package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupResult;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.paging.OperationIncidents;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.util.ByteSizes;
import org.drjenkins.engine.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "backup", header = "Back up one component to S3: compressed, encrypted, checksummed, copied to every region.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Back up one component: stream it through zstd and age encryption to the primary region's bucket with a",
                "SHA-256 per artifact, write the manifest last, copy and verify the backup in every other region, then",
                "delete backups older than the retention (never the newest verified one).", "",
                "Secrets come from the environment: AWS credentials from the SDK's default chain, PGPASSWORD or ~/.pgpass,",
                "DR_AGE_RECIPIENTS (comma-separated age1… public keys)."})
final class BackupCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--component", required = true, paramLabel = "NAME", description = "The component to back up (a key under components:).")
    String component;

    @Option(names = "--no-copies", description = "Store in the primary region only; skip the cross-region copies.")
    boolean noCopies;

    @Option(names = "--no-retention", description = "Do not delete old backups this time.")
    boolean noRetention;

    @Option(names = "--json", description = "Print the result as JSON on stdout (progress stays on stderr).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DrConfig plan = config.load();
        Secrets secrets = CliEnvironment.secrets();
        StderrProgress progress = new StderrProgress(System.err, false);
        BackupService service = new BackupService(plan, secrets, CliEnvironment.stores(secrets), Clock.systemUTC(), progress);
        BackupResult result;
        // A failed backup pages the on-call (incidents.severities.backupFailed) when the plan has channels.
        try (OperationIncidents incidents = OperationIncidents.forPlan(plan, CliEnvironment.stores(secrets), System.getenv(), progress)) {
            result = incidents.backup(component, () -> service.run(new BackupRequest(component, noCopies, noRetention)));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.toText(toJson(result)));
        } else {
            printSummary(out, result);
        }
        out.flush();
        if (!result.fullySucceeded()) {
            spec.commandLine().getErr().println("dr backup: backup " + result.manifest().backupId() + " is complete in "
                    + result.manifest().primaryRegion() + " but copies failed: " + String.join("; ", result.copyFailures()));
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> toJson(BackupResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backupId", result.manifest().backupId());
        json.put("component", result.manifest().component());
        json.put("location", result.location());
        json.put("regions", result.regions());
        List<Map<String, Object>> artifacts = result.manifest().artifacts().stream().map(BackupCommand::artifactJson).toList();
        json.put("artifacts", artifacts);
        json.put("durationSeconds", result.durationSeconds());
        json.put("consistentAt", result.consistentAt().toString());
        if (!result.copyFailures().isEmpty()) {
            json.put("copyFailures", result.copyFailures());
        }
        return json;
    }

    private static Map<String, Object> artifactJson(ArtifactRecord artifact) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", artifact.key());
        json.put("storedBytes", artifact.storedBytes());
        json.put("rawBytes", artifact.rawBytes());
        json.put("sha256", artifact.sha256());
        return json;
    }

    private static void printSummary(PrintWriter out, BackupResult result) {
        out.printf("backup %s of %s complete in %.1fs%n", result.manifest().backupId(), result.manifest().component(), result.durationSeconds());
        out.printf("  location:      %s%n", result.location());
        out.printf("  consistent at: %s%n", result.consistentAt());
        out.printf("  size:          %s stored (%s raw)%n", ByteSizes.human(result.manifest().storedBytes()), ByteSizes.human(result.manifest().rawBytes()));
        out.printf("  regions:       %s%n", String.join(", ", result.regions()));
        for (ArtifactRecord artifact : result.manifest().artifacts()) {
            out.printf("  sha256:        %s  %s%n", artifact.sha256(), artifact.fileName());
        }
    }
}
