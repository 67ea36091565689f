package org.drjenkins.engine.failover;

import java.util.Locale;
import java.util.Optional;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.RegionDns;
import org.drjenkins.engine.failover.dns.DnsException;
import org.drjenkins.engine.config.DnsProvider;
import org.drjenkins.engine.config.DnsMode;
import org.drjenkins.engine.config.DnsSettings;
import org.drjenkins.engine.failover.dns.Route53FailoverRecords;
import org.drjenkins.engine.failover.dns.DnsRecord;
import org.drjenkins.engine.failover.dns.DnsSwitcher;
import org.drjenkins.engine.progress.Progress;

/** Points the region's DNS record at it, and reads it back for the post-checks. The switcher is opened on first use. */
final class DnsStep implements AutoCloseable {

    private final Region region;
    private final DnsSwitcherFactory factory;
    private final Progress progress;
    private DnsSwitcher switcher;

    DnsStep(Region region, DnsSwitcherFactory factory, Progress progress) {
        this.region = region;
        this.factory = factory;
        this.progress = progress;
    }

    static boolean switches(Region region) {
        return region.dns() != null && region.dns().settings().provider() != DnsProvider.NONE;
    }

    static String plan(Region region) {
        if (region.dns() == null) {
            return "nothing: region " + region.name() + " has no dns settings";
        }
        if (!switches(region)) {
            return "nothing: dns.provider of " + region.name() + " is none";
        }
        RegionDns dns = region.dns();
        if (dns.settings().mode() == DnsMode.FAILOVER_RECORDS) {
            return "set the health check of the Route 53 failover record pair " + dns.settings().absoluteRecordName() + " "
                    + dns.settings().type() + " so it answers " + dns.value() + " (dns.mode failover-records: no record change)";
        }
        return "point " + dns.settings().absoluteRecordName() + " " + dns.settings().type() + " at " + dns.value() + " ("
                + dns.settings().provider().yamlName() + ")";
    }

    /**
     * The provider's own command that makes the switch by hand, for when the failover could not: secrets by the
     * variable that holds them, never their value.
     */
    static String manualCommand(Region region) {
        RegionDns dns = region.dns();
        var settings = dns.settings();
        String name = settings.absoluteRecordName();
        String value = dns.value().trim();
        if ("CNAME".equals(settings.type()) && !value.endsWith(".")) {
            value = value + ".";
        }
        if (settings.provider() == DnsProvider.ROUTE53 && settings.mode() == DnsMode.FAILOVER_RECORDS) {
            // Which way depends on which record of the pair holds the value; the comment says when to turn it round.
            return "aws route53 update-health-check" + (settings.endpoint() == null ? "" : " --endpoint-url " + settings.endpoint())
                    + " --health-check-id \"$(aws route53 list-resource-record-sets --hosted-zone-id "
                    + settings.bareHostedZoneId() + (settings.endpoint() == null ? "" : " --endpoint-url " + settings.endpoint())
                    + " --query \"ResourceRecordSets[?Name=='" + name + "' && SetIdentifier=='"
                    + Route53FailoverRecords.PRIMARY_ID + "'].HealthCheckId\" --output text)\" --inverted"
                    + "  # --no-inverted instead when " + value + " is the pair's PRIMARY";
        }
        if (settings.provider() == DnsProvider.ROUTE53) {
            String batch = "{\"Changes\":[{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{\"Name\":\"" + name
                    + "\",\"Type\":\"" + settings.type() + "\",\"TTL\":" + settings.ttl()
                    + ",\"ResourceRecords\":[{\"Value\":\"" + value + "\"}]}}]}";
            return "aws route53 change-resource-record-sets --hosted-zone-id " + settings.bareHostedZoneId()
                    + (settings.endpoint() == null ? "" : " --endpoint-url " + settings.endpoint())
                    + " --change-batch '" + batch + "'";
        }
        String key = settings.tsigKeyName() == null ? "" : " -y \"" + settings.tsigAlgorithm() + ":"
                + settings.tsigKeyName() + ":$" + DnsSettings.TSIG_SECRET_ENV + "\"";
        return "printf 'server " + settings.serverHost() + " " + settings.serverPort() + "\\nzone " + settings.absoluteZone()
                + "\\nupdate delete " + name + " " + settings.type() + "\\nupdate add " + name + " " + settings.ttl() + " "
                + settings.type() + " " + value + "\\nsend\\n' | nsupdate" + key;
    }

    /** Switches and returns what changed. */
    String point() {
        RegionDns dns = region.dns();
        DnsSwitcher open = switcher();
        String before;
        try {
            DnsRecord current = open.current();
            before = current.exists() ? String.join(", ", current.values()) : "(none)";
        } catch (DnsException e) {
            before = "(unreadable: " + e.getMessage() + ")";
        }
        open.point(dns.value());
        return dns.settings().absoluteRecordName() + " " + dns.settings().type() + ": " + before + " -> " + dns.value()
                + " via " + open.describe();
    }

    /** The DNS gate: the provider would accept the switch (reachable, zone and record there, key or credentials good). */
    Gate gate() {
        String name = "DNS switch would be accepted";
        try {
            return new Gate(name, true, switcher().probeFor(region.dns().value()));
        } catch (DnsException e) {
            return new Gate(name, false, e.getMessage());
        } catch (RuntimeException e) {
            return new Gate(name, false, "cannot probe " + region.dns().settings().provider().yamlName() + ": "
                    + FailoverService.oneLine(e));
        }
    }

    /** Empty when the record answers the region's value (or there is no DNS to check); else why not. */
    Optional<String> check() {
        if (!switches(region)) {
            return Optional.empty();
        }
        try {
            DnsRecord current = switcher().current();
            String wanted = normalize(region.dns().value());
            if (current.values().stream().map(DnsStep::normalize).anyMatch(wanted::equals)) {
                return Optional.empty();
            }
            return Optional.of("DNS answers " + current + " instead of " + region.dns().value());
        } catch (DnsException e) {
            return Optional.of(e.getMessage());
        }
    }

    private DnsSwitcher switcher() {
        if (switcher == null) {
            switcher = factory.open(region.dns().settings());
            progress.info("DNS: " + switcher.describe());
        }
        return switcher;
    }

    private static String normalize(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }

    @Override
    public void close() {
        if (switcher != null) {
            switcher.close();
        }
    }
}
