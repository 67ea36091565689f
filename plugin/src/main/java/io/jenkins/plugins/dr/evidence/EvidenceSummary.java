package io.jenkins.plugins.dr.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.Durations;

/**
 * What the recent builds of one job say about DR: the newest verdict per component, the measurements for the trend
 * charts, and how long ago a verification last passed and a drill last ran — what an auditor asks first.
 */
public final class EvidenceSummary {
    private final List<BuildEvidence> builds;

    /** @param builds newest first, as Jenkins lists them */
    public EvidenceSummary(List<BuildEvidence> builds) {
        this.builds = List.copyOf(builds);
    }

    public boolean isEmpty() {
        return builds.stream().allMatch(build -> build.evidence().isEmpty());
    }

    /** The newest evidence of each component, components in the order they were first seen (newest build first). */
    public List<ComponentStatus> latestPerComponent() {
        Map<String, ComponentStatus> latest = new LinkedHashMap<>();
        for (BuildEvidence build : builds) {
            List<Evidence> newestFirst = new ArrayList<>(build.evidence());
            newestFirst.sort(Comparator.comparingLong(Evidence::timeMillis).reversed());
            for (Evidence evidence : newestFirst) {
                latest.putIfAbsent(evidence.component(), new ComponentStatus(evidence.component(), build.number(),
                        build.url(), evidence));
            }
        }
        return List.copyOf(latest.values());
    }

    /** The worst of the components' newest verdicts: the job's standing. */
    public Verdict overall() {
        return latestPerComponent().stream().map(ComponentStatus::verdict).reduce(Verdict.COMPLIANT, Verdict::worse);
    }

    /** Measurements of one component, oldest first, for {@link TrendChart}. */
    public List<TrendChart.Point> trend(String component) {
        List<TrendChart.Point> points = new ArrayList<>();
        for (int i = builds.size() - 1; i >= 0; i--) {
            BuildEvidence build = builds.get(i);
            build.evidence().stream().filter(e -> e.component().equals(component))
                    .sorted(Comparator.comparingLong(Evidence::timeMillis))
                    .forEach(e -> points.add(new TrendChart.Point(build.number(), e)));
        }
        return points;
    }

    public Optional<Evidence> lastPassingVerification() {
        return newest(EvidenceKind.VERIFY, true);
    }

    public Optional<Evidence> lastDrill() {
        return newest(EvidenceKind.DRILL, false);
    }

    private Optional<Evidence> newest(EvidenceKind kind, boolean passedOnly) {
        return builds.stream().flatMap(build -> build.evidence().stream())
                .filter(e -> e.kind() == kind && (!passedOnly || e.passed()))
                .max(Comparator.comparingLong(Evidence::timeMillis));
    }

    /** {@code 3d4h ago}, or {@code never (in the last N builds)}. */
    public String since(Optional<Evidence> evidence, Instant now) {
        return evidence.map(e -> Durations.format(Duration.ofSeconds(
                        Math.max(0, Duration.between(Instant.ofEpochMilli(e.timeMillis()), now).getSeconds()))) + " ago"
                        + (e.kind() == EvidenceKind.DRILL ? (e.passed() ? " (passed)" : " (failed)") : ""))
                .orElse("never (in the last " + builds.size() + " builds)");
    }

    /** The newest build's result, e.g. SUCCESS, or "running". */
    public String lastResult() {
        return builds.isEmpty() ? "no builds" : Optional.ofNullable(builds.get(0).result()).orElse("running");
    }
}
