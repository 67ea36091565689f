package org.drjenkins.engine.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Who serves the failover record. */
public enum DnsProvider {
    /** AWS Route 53 hosted zone, changed with ChangeResourceRecordSets. */
    ROUTE53("route53"),
    /** Any server that accepts RFC 2136 dynamic updates signed with TSIG (BIND, PowerDNS, Knot, Windows DNS). */
    RFC2136("rfc2136"),
    /** DNS is switched by someone else (or clients use the standby's address directly). */
    NONE("none");

    private final String yamlName;

    DnsProvider(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Optional<DnsProvider> fromYaml(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.yamlName.equals(wanted)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(DnsProvider::yamlName).collect(Collectors.joining(", "));
    }
}
