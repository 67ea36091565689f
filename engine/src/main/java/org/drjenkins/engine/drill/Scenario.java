package org.drjenkins.engine.drill;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The drills of the plan's quarterly schedule, plus the backup-restore drill the end-to-end one starts with. */
public enum Scenario {
    /** Back up every component, verify-restore each, compare with targets. */
    BACKUP_RESTORE("backup-restore"),
    /** Q1: break the primary database, detect, fail over, check, roll back. */
    DATABASE_FAILOVER("database-failover"),
    /** Q2: the same for every component of the primary region, with the DNS switch. */
    REGION_FAILOVER("region-failover"),
    /** Q3: the incident template to every webhook; each must answer. */
    COMMUNICATION("communication"),
    /** Q4: backup-restore, then region-failover, in one report. */
    END_TO_END("end-to-end");

    private final String cliName;

    Scenario(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Optional<Scenario> fromName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(s -> s.cliName.equals(wanted)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "));
    }
}
