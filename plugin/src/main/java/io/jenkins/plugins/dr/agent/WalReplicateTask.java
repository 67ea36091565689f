package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.compliance.TargetRule;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Targets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.wal.WalComponents;
import org.drjenkins.engine.wal.WalReplicator;

/**
 * drWalReplicate on the agent: one pass of the engine's {@link WalReplicator}, exactly what {@code dr wal-replicate}
 * runs: copies what each other region's WAL archive lacks from the primary's, then measures each region's copy lag
 * (the age of its oldest missing file). Returns {@code [component:, regions: [name: [copied:, missing:, lagSeconds:,
 * failures:]]]}; each region's lag is evidence against the component's RPO target, under {@code component@region}.
 */
public final class WalReplicateTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drWalReplicate";

    private final String component;

    public WalReplicateTask(RunConfiguration configuration, AgentSecrets secrets, String component) {
        super(STEP, configuration, secrets);
        this.component = component;
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        DrConfig config = run.config();
        PrintStream out = run.out();
        SecretMasker masker = run.masker();
        Component target = config.component(component).orElseThrow(() -> new StepFailure(STEP + ": component: '" + component
                + "' is not in the plan; configured: " + String.join(", ", config.components().keySet())));
        Targets targets = config.targetsFor(component);
        Map<String, Object> regions = new LinkedHashMap<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try {
            WalComponents.requireCluster(target, STEP);
            WalReplicator replicator = new WalReplicator(Clock.systemUTC());
            try (ObjectStore primary = run.stores().open(config.primary())) {
                for (Region region : config.regions()) {
                    if (region.isPrimary()) {
                        continue;
                    }
                    WalReplicator.Result result;
                    try (ObjectStore copy = run.stores().open(region)) {
                        result = replicator.sync(primary, copy, component);
                    } catch (RuntimeException e) {
                        String line = masker.mask(String.valueOf(e.getMessage()).replaceAll("\\s*\\n\\s*", " | "));
                        out.println("[" + STEP + "] " + region.name() + ": FAILED " + line);
                        failed.add(region.name() + ": " + line);
                        regions.put(region.name(), Map.of("copied", 0, "failures", List.of(line)));
                        continue;
                    }
                    WalReplicator.Lag lag = result.lagAfter();
                    out.println("[" + STEP + "] " + region.name() + ": " + result.copied() + " copied, " + (lag.missing() == 0 ? "in sync"
                            : lag.missing() + " missing, lag " + Durations.format(Duration.ofMillis((long) (lag.lagSeconds() * 1000)))));
                    result.failures().forEach(f -> out.println("[" + STEP + "]     FAILED " + f));
                    result.failures().forEach(f -> failed.add(region.name() + ": " + f));
                    regions.put(region.name(), value(result));
                    evidence.add(evidence(component + "@" + region.name(), region.name(), lag, targets, result.failures().isEmpty()));
                }
            }
        } catch (RuntimeException e) {
            throw run.failure(e, null);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("component", component);
        value.put("regions", regions);
        return new AgentResult(value, evidence, failed.isEmpty() ? null : STEP + ": copy failed for " + String.join("; ", failed));
    }

    private static Map<String, Object> value(WalReplicator.Result result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("copied", result.copied());
        map.put("missing", result.lagAfter().missing());
        map.put("lagSeconds", result.lagAfter().lagSeconds());
        map.put("failures", new ArrayList<>(result.failures()));
        return map;
    }

    /** A region's copy lag is the RPO that region would restore to: judged by the one rule against the RPO target. */
    private static Evidence evidence(String name, String region, WalReplicator.Lag lag, Targets targets, boolean copied) {
        return new Evidence(name, EvidenceKind.REPLICATION, TargetRule.figure(lag.lagSeconds(), targets.rpo()), copied,
                "WAL copy in " + region,
                lag.lagSeconds(), BackupTask.seconds(targets.rpo()), null, BackupTask.seconds(targets.rto()),
                Instant.now().toEpochMilli(), "WAL copy lag " + Durations.format(Duration.ofMillis((long) (lag.lagSeconds() * 1000)))
                        + (lag.missing() == 0 ? " (in sync)" : " (" + lag.missing() + " missing)"));
    }
}
