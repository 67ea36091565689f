package org.drjenkins.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.Replicas;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.util.ByteSizes;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "backups", header = "List backups: time, size, regions holding a verified copy, verification state.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"List the backups in the primary region (or --region's): time, size, regions holding a verified copy, verification state.",
                "A folder without a manifest is shown as 'incomplete': it is never restored and never 'latest'.",
                "A folder whose manifest (or another record) does not parse, or names keys outside the folder, is shown as",
                "'DAMAGED: <reason>': it is never restored, never 'latest', never counted by compliance, never pruned.",
                "--check lists every damaged object and exits 1 when there is any."})
final class BackupsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--component", paramLabel = "NAME", description = "Only this component (default: all).")
    String component;

    @Option(names = "--region", paramLabel = "NAME", description = "List this region's bucket instead of the primary's (what survives there).")
    String region;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Option(names = "--check", description = "Report every damaged object (unparseable records, keys outside their folder); exit 1 when there is any.")
    boolean check;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DrConfig plan = config.load();
        if (component != null && plan.component(component).isEmpty()) {
            throw new InvalidRequestException("--component " + component + ": no such component; configured: " + String.join(", ", plan.components().keySet()));
        }
        org.drjenkins.engine.config.Region listed = region == null ? plan.primary() : plan.region(region).orElseThrow(() ->
                new InvalidRequestException("--region " + region + ": no such region; configured: " + String.join(", ",
                        plan.regions().stream().map(org.drjenkins.engine.config.Region::name).toList())));
        Secrets secrets = CliEnvironment.secrets();
        List<BackupEntry> entries = new ArrayList<>();
        try (ObjectStore store = CliEnvironment.stores(secrets).open(listed)) {
            BackupCatalog catalog = new BackupCatalog(store);
            for (String name : component == null ? plan.components().keySet() : List.of(component)) {
                entries.addAll(catalog.list(name));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            return check(entries, listed, out);
        }
        if (json) {
            out.println(Json.toText(entries.stream().map(BackupsCommand::toJson).toList()));
        } else {
            out.printf("%-14s %-22s %-21s %10s %10s  %-30s %s%n", "COMPONENT", "BACKUP", "CONSISTENT AT", "STORED", "RAW", "REGIONS", "STATE");
            for (BackupEntry e : entries) {
                out.printf("%-14s %-22s %-21s %10s %10s  %-30s %s%n", e.component(), e.id(),
                        e.manifest().map(m -> m.consistentAt().toString().replaceFirst("\\.\\d+Z$", "Z")).orElse("-"),
                        e.manifest().map(m -> ByteSizes.human(m.storedBytes())).orElse("-"),
                        e.manifest().map(m -> ByteSizes.human(m.rawBytes())).orElse("-"),
                        String.join(",", regions(e)), e.verificationState());
            }
            if (entries.isEmpty()) {
                out.println("(no backups yet in s3://" + listed.bucket() + ")");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Every damaged object, one line each; the exit code says whether there was any. */
    private int check(List<BackupEntry> entries, org.drjenkins.engine.config.Region listed, PrintWriter out) {
        List<BackupEntry> damaged = entries.stream().filter(BackupEntry::damaged).toList();
        if (json) {
            out.println(Json.toText(damaged.stream().map(BackupsCommand::toJson).toList()));
        } else {
            for (BackupEntry e : damaged) {
                for (String problem : e.damage()) {
                    out.printf("DAMAGED %s/%s: %s%n", e.component(), e.id(), problem);
                }
            }
            out.printf("%d backup folders checked in s3://%s: %s%n", entries.size(), listed.bucket(),
                    damaged.isEmpty() ? "none damaged" : damaged.size() + " DAMAGED (never restored, counted or pruned: a person must"
                            + " repair or delete them)");
        }
        out.flush();
        return damaged.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static List<String> regions(BackupEntry e) {
        return e.replicas().map(Replicas::regions).orElse(e.manifest().map(m -> List.of(m.primaryRegion())).orElse(List.of()));
    }

    private static Map<String, Object> toJson(BackupEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("component", e.component());
        json.put("backupId", e.id().value());
        json.put("complete", e.complete());
        if (e.damaged()) {
            json.put("damage", e.damage());
        }
        e.manifest().ifPresent(m -> {
            json.put("startedAt", m.startedAt().toString());
            json.put("consistentAt", m.consistentAt().toString());
            json.put("storedBytes", m.storedBytes());
            json.put("rawBytes", m.rawBytes());
            json.put("encrypted", m.encrypted());
        });
        json.put("regions", regions(e));
        json.put("verification", e.verificationState());
        e.verification().ifPresent(v -> json.put("verifiedAt", v.verifiedAt().toString()));
        return json;
    }
}
