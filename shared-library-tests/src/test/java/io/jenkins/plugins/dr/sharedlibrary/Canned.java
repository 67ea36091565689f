package io.jenkins.plugins.dr.sharedlibrary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Results shaped like the plugin steps' contract, so the vars read exactly the keys the real steps return. */
public final class Canned {

    private Canned() {
    }

    public static Map<String, Object> backup(String component) {
        return map("backupId", "20260115T020000Z-" + component, "component", component,
                "location", "s3://ci-failure-agent-backups-use1/" + component + "/20260115T020000Z",
                "regions", new ArrayList<>(List.of("us-east-1", "eu-west-1")),
                "storedBytes", 1_048_576L, "rawBytes", 3_145_728L, "durationSeconds", 42,
                "consistentAt", "2026-01-15T02:00:00Z");
    }

    public static Map<String, Object> verification(String component, String backupId, boolean verified, boolean compliant) {
        return map("backupId", backupId, "component", component, "verified", verified,
                "failures", verified ? new ArrayList<>() : new ArrayList<>(List.of("sha256 mismatch in dump.zst.age")),
                "rtoSeconds", compliant ? 300 : 1200, "rtoTargetSeconds", 900,
                "rpoSeconds", 60, "rpoTargetSeconds", 300, "compliant", compliant);
    }

    public static Map<String, Object> failoverDryRun(String to, boolean refused) {
        Map<String, Object> result = map("from", "us-east-1", "to", to,
                "steps", new ArrayList<>(List.of("promote standby in " + to, "switch db.internal to " + to)),
                "plan", "1. promote standby in " + to + "\n2. switch db.internal to " + to,
                "rtoSeconds", 0, "rpoSeconds", 0, "compliant", true, "forced", false);
        if (refused) {
            result.put("refused", true);
        }
        return result;
    }

    public static Map<String, Object> failover(String to, boolean forced) {
        return map("from", "us-east-1", "to", to,
                "steps", new ArrayList<>(List.of("promote standby in " + to, "switch db.internal to " + to)),
                "rtoSeconds", 95, "rpoSeconds", 4, "compliant", true, "forced", forced);
    }

    /** drCompliance's Map: every component of the plan with its verdict now. */
    public static Map<String, Object> compliance(String overall) {
        return map("overall", overall, "at", "2026-01-15T02:30:00Z", "components", map(
                "database", map("verdict", overall, "rpoSeconds", 1800.0, "rpoTargetSeconds", 300.0,
                        "rpoBasis", "verified backup 20260115T020000Z-database", "recoveryPoint", "2026-01-15T02:00:00Z",
                        "rtoSeconds", 300.0, "rtoTargetSeconds", 900.0, "reasons", new ArrayList<>(List.of("RPO 30m / target 5m: VIOLATED")))));
    }

    public static Map<String, Object> drill(String scenario, String junit, String markdown) {
        return map("scenario", scenario, "passed", true, "rtoSeconds", 610, "rpoSeconds", 45, "compliant", true,
                "reports", map("junit", junit, "markdown", markdown, "json", "dr-drill.json"));
    }

    /** drIncident's map of one incident (open, ack, status with an id). */
    public static Map<String, Object> incident(String id, String event, String acknowledgedBy) {
        return map("id", id, "severity", "critical", "event", event, "status", "INVESTIGATING", "drill", false,
                "description", "primary database us-east-1 unreachable", "acknowledgedBy", acknowledgedBy);
    }

    /** A mutable insertion-ordered map from alternating keys and values, like a Groovy map literal. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
