package io.jenkins.plugins.dr.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drjenkins.engine.backup.BackupResult;
import org.drjenkins.engine.drill.DrillReport;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.Gate;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.failover.Step;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.restore.VerifyOutcome;

/**
 * The Groovy return values of the steps. The shared library (vars/) reads exactly these keys; values are plain
 * strings, numbers, booleans and mutable lists, which Pipeline can persist with the program.
 */
public final class ResultMaps {
    private ResultMaps() {
    }

    public static Map<String, Object> backup(BackupResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backupId", result.manifest().backupId());
        map.put("component", result.manifest().component());
        map.put("location", result.location());
        map.put("regions", new ArrayList<>(result.regions()));
        map.put("storedBytes", result.manifest().storedBytes());
        map.put("rawBytes", result.manifest().rawBytes());
        map.put("durationSeconds", result.durationSeconds());
        map.put("consistentAt", result.consistentAt().toString());
        return map;
    }

    public static Map<String, Object> verification(VerifyOutcome outcome) {
        VerificationRecord record = outcome.record();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backupId", record.backupId());
        map.put("component", outcome.component());
        map.put("verified", outcome.verified());
        map.put("inconclusive", outcome.inconclusive());
        map.put("failures", new ArrayList<>(record.failures()));
        map.put("rtoSeconds", record.rtoSeconds());
        map.put("rtoTargetSeconds", outcome.rtoTargetSeconds());
        map.put("rpoSeconds", record.rpoSeconds());
        map.put("rpoTargetSeconds", outcome.rpoTargetSeconds());
        map.put("compliant", outcome.compliant());
        return map;
    }

    /**
     * {@code from, to, steps, plan, refused, rtoSeconds, rpoSeconds, compliant, forced} as the shared library reads
     * them (steps as one line each, the plan as text also after a real failover), plus {@code dryRun},
     * {@code completed}, {@code failure}, {@code gates} and the targets.
     */
    public static Map<String, Object> failover(FailoverResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("from", result.from());
        map.put("to", result.to());
        map.put("steps", new ArrayList<>(result.steps().stream().map(Step::toString).toList()));
        map.put("plan", result.plan());
        map.put("refused", result.refused());
        map.put("rtoSeconds", result.rtoSeconds());
        map.put("rpoSeconds", result.rpoSeconds());
        map.put("compliant", result.compliant());
        map.put("forced", result.forced());
        map.put("dryRun", result.dryRun());
        map.put("completed", result.completed());
        map.put("failure", result.failure());
        map.put("gates", new ArrayList<>(result.gates().stream().map(Gate::toString).toList()));
        map.put("rtoTargetSeconds", Seconds.of(result.targets().rto()));
        map.put("rpoTargetSeconds", Seconds.of(result.targets().rpo()));
        return map;
    }

    /** {@code scenario, passed, rtoSeconds, rpoSeconds, compliant, reports: [junit, markdown, json]}, plus the id and outcome. */
    public static Map<String, Object> drill(DrillReport report, Map<String, Object> reports) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("scenario", report.scenario().cliName());
        map.put("passed", report.passed());
        map.put("rtoSeconds", report.rtoSeconds());
        map.put("rpoSeconds", report.rpoSeconds());
        map.put("compliant", report.compliant());
        map.put("reports", new LinkedHashMap<>(reports));
        map.put("drillId", report.drillId());
        map.put("outcome", report.outcome().name());
        map.put("components", new ArrayList<>(report.components().stream().map(c -> c.component()).toList()));
        return map;
    }
}
