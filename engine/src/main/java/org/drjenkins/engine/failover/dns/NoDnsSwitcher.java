package org.drjenkins.engine.failover.dns;

import java.util.List;

/** {@code dns.provider: none}: the failover changes no DNS record (clients are repointed some other way). */
public final class NoDnsSwitcher implements DnsSwitcher {

    @Override
    public DnsRecord current() {
        return new DnsRecord("", "", 0, List.of());
    }

    /** Does nothing: with no provider there is no record to change. */
    @Override
    public void point(String value) {
    }

    @Override
    public String probe() {
        return "nothing to probe: dns.provider is none";
    }

    @Override
    public String describe() {
        return "no DNS switch (dns.provider: none)";
    }

    @Override
    public String toString() {
        return describe();
    }
}
