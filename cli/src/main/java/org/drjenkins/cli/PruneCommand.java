package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.retention.RetentionDecision;
import org.drjenkins.engine.retention.RetentionEnforcer;
import org.drjenkins.engine.retention.RetentionPlanner;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "prune", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Apply retention now, in every region; --dry-run lists what would go.",
        description = {"Deletes backups older than thresholds.backupRetention in every region. Never deleted: anything inside the",
                "window, the newest backup with a passing restore verification, the newest complete backup. Folders without a",
                "manifest go once they are a day old. A DAMAGED folder (see dr backups --check) is never deleted: a person",
                "decides. dr backup runs this after every successful backup."})
final class PruneCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--component", paramLabel = "NAME", description = "Only this component (default: all).")
    String component;

    @Option(names = "--dry-run", description = "List every decision and its reason; delete nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the decisions as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DrConfig plan = config.load();
        if (component != null && plan.component(component).isEmpty()) {
            throw new InvalidRequestException("--component " + component + ": no such component; configured: " + String.join(", ", plan.components().keySet()));
        }
        StoreProvider stores = CliEnvironment.stores(CliEnvironment.secrets());
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Region region : plan.regions()) {
            try (ObjectStore store = stores.open(region)) {
                RetentionEnforcer enforcer = new RetentionEnforcer(store);
                for (String name : component == null ? plan.components().keySet() : List.of(component)) {
                    for (RetentionDecision d : enforcer.apply(name, now, plan.thresholds().backupRetention(), dryRun)) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("region", region.name());
                        row.put("component", name);
                        row.put("backupId", d.entry().id().value());
                        row.put("action", d.delete() ? (dryRun ? "would delete" : "deleted") : "keep");
                        row.put("reason", d.reason());
                        rows.add(row);
                    }
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.toText(rows));
        } else {
            out.printf("retention %s%s%n", Durations.format(plan.thresholds().backupRetention()), dryRun ? " (dry run: nothing deleted)" : "");
            for (Map<String, Object> row : rows) {
                out.printf("  %-16s %-14s %-22s %-13s %s%n", row.get("region"), row.get("component"), row.get("backupId"), row.get("action"),
                        row.get("reason"));
            }
            long damaged = rows.stream().filter(r -> String.valueOf(r.get("reason")).startsWith(RetentionPlanner.DAMAGED_PREFIX)).count();
            if (damaged > 0) {
                out.printf("%d DAMAGED backup folders kept: retention never deletes them; a person must decide (dr backups --check)%n", damaged);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
