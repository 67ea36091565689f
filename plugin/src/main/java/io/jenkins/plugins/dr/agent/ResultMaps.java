package io.jenkins.plugins.dr.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drjenkins.engine.backup.BackupResult;
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
        map.put("failures", new ArrayList<>(record.failures()));
        map.put("rtoSeconds", record.rtoSeconds());
        map.put("rtoTargetSeconds", outcome.rtoTargetSeconds());
        map.put("rpoSeconds", record.rpoSeconds());
        map.put("rpoTargetSeconds", outcome.rpoTargetSeconds());
        map.put("compliant", outcome.compliant());
        return map;
    }
}
