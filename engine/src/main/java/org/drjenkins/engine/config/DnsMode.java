package org.drjenkins.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a failover moves the record: {@code dns.mode} in dr.yaml. */
public enum DnsMode {
    /** Replace the record's value at failover time (ChangeResourceRecordSets UPSERT, an RFC 2136 update). */
    UPSERT("upsert"),
    /**
     * Route 53 only: a PRIMARY/SECONDARY failover record pair with a health check, set up in calm times
     * ({@code dr dns setup-failover-records}); at failover time only the health check's state changes.
     */
    FAILOVER_RECORDS("failover-records");

    private final String yamlName;

    DnsMode(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<DnsMode> fromYaml(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.yamlName.equals(wanted)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(DnsMode::yamlName).collect(Collectors.joining(", "));
    }
}
