package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.compliance.ComplianceReport;
import org.drjenkins.engine.compliance.ComplianceService;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.paging.OperationIncidents;

/**
 * drCompliance on the agent: the engine's {@link ComplianceService}, exactly what {@code dr compliance} runs, over the
 * primary region's store now: every component's RPO from its newest verified backup (or its WAL archive), its last
 * measured RTO and its verdict. Returns {@code [overall:, at:, components: [name: [verdict:, rpoSeconds:, ...]]]}
 * and one piece of evidence per component.
 */
public final class ComplianceTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drCompliance";


    public ComplianceTask(RunConfiguration configuration, AgentSecrets secrets) {
        super(STEP, configuration, secrets);
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        Instant at = Clock.systemUTC().instant();
        ComplianceReport report;
        // A verdict that turned VIOLATED, STALE or AT_RISK pages once, on the turn, when the plan has incident channels.
        try (OperationIncidents incidents = OperationIncidents.forPlan(run.config(), run.stores(), run.environment(),
                run.progress())) {
            report = incidents.compliance(new ComplianceService(run.config(), run.stores()).evaluate(at));
        } catch (RuntimeException e) {
            throw run.failure(e, null);
        }
        Map<String, Object> components = new LinkedHashMap<>();
        List<Evidence> evidence = new ArrayList<>();
        for (ComponentCompliance c : report.components()) {
            run.println(c.component() + ": " + c.verdict() + " — " + String.join("; ", c.reasons()));
            components.put(c.component(), value(c));
            evidence.add(evidence(c, at));
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("overall", report.overall().name());
        value.put("at", at.toString());
        value.put("components", components);
        return new AgentResult(value, evidence, null);
    }

    private static Map<String, Object> value(ComponentCompliance c) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("verdict", c.verdict().name());
        map.put("rpoSeconds", c.rpoSeconds().orElse(null));
        map.put("rpoTargetSeconds", BackupTask.seconds(c.targets().rpo()));
        map.put("rpoBasis", c.rpoBasis());
        map.put("recoveryPoint", c.recoveryPoint().map(Instant::toString).orElse(null));
        map.put("rtoSeconds", c.rtoSeconds().orElse(null));
        map.put("rtoTargetSeconds", BackupTask.seconds(c.targets().rto()));
        map.put("reasons", new ArrayList<>(c.reasons()));
        return map;
    }

    /**
     * The engine's verdict as the build's evidence. {@code passed} says the RPO is measured from a proven recovery
     * point (a verified backup, a WAL archive behind a verified base backup), so the pages may count time from it.
     */
    private static Evidence evidence(ComponentCompliance c, Instant at) {
        boolean proven = c.rpoSeconds().isPresent() && !c.rpoBasis().startsWith("UNVERIFIED") && !c.rpoBasis().startsWith("no ");
        return new Evidence(c.component(), EvidenceKind.COMPLIANCE, c.verdict(), proven, c.rpoBasis(), c.rpoSeconds().orElse(null),
                BackupTask.seconds(c.targets().rpo()), c.rtoSeconds().orElse(null), BackupTask.seconds(c.targets().rto()),
                at.toEpochMilli(), "compliance: " + c.verdict().name() + (c.reasons().isEmpty() ? "" : " (" + c.reasons().get(0) + ")"));
    }
}
