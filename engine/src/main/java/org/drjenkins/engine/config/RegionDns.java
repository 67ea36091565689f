package org.drjenkins.engine.config;

import java.util.Objects;

/**
 * The DNS record a failover points at this region, and the value it points it to.
 *
 * @param settings where the record lives and how to change it (no secret: the TSIG secret comes from
 *                 {@code DR_DNS_TSIG_SECRET}, AWS credentials from the SDK's chain)
 * @param value    what the record answers while this region is primary: an address for A/AAAA, a host for CNAME;
 *                 {@code null} only with provider none
 */
public record RegionDns(DnsSettings settings, String value) {

    public RegionDns {
        Objects.requireNonNull(settings, "settings");
    }
}
