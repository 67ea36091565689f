package org.drjenkins.engine.failover.dns;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.drjenkins.engine.config.DnsMode;
import org.drjenkins.engine.config.DnsProvider;
import org.drjenkins.engine.config.DnsSettings;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.util.InvalidRequestException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The calm-times half of {@code dns.mode: failover-records}: which two regions form the Route 53 failover record pair
 * (the primary's value in the answering record, the other region's in the other), checked against dr.yaml, then
 * planned and applied by {@link Route53FailoverRecords}. What {@code dr dns setup-failover-records} runs.
 */
public final class FailoverRecordsSetup implements AutoCloseable {

    private final Region primary;
    private final Region secondary;
    private final Route53FailoverRecords records;

    private FailoverRecordsSetup(Region primary, Region secondary, AwsCredentialsProvider aws) {
        this.primary = primary;
        this.secondary = secondary;
        DnsSettings settings = primary.dns().settings();
        this.records = new Route53FailoverRecords(settings.bareHostedZoneId(), settings.absoluteRecordName(), settings.type(),
                settings.ttl(), aws, software.amazon.awssdk.regions.Region.AWS_GLOBAL, Optional.ofNullable(settings.endpoint()));
    }

    /**
     * @param primaryName   the region that is primary now; empty for the one dr.yaml gives role primary
     * @param secondaryName the region the pair fails over to; empty for the only other region in failover-records mode
     * @throws InvalidRequestException when a region is unknown or its dns settings cannot form one pair, naming the
     *                                 setting to change
     */
    public static FailoverRecordsSetup of(DrConfig config, Optional<String> primaryName, Optional<String> secondaryName,
            AwsCredentialsProvider aws) {
        Region primary = primaryName.map(n -> region(config, n)).orElseGet(config::primary);
        requireFailoverRecords(primary);
        Region secondary;
        if (secondaryName.isPresent()) {
            secondary = region(config, secondaryName.get());
            requireFailoverRecords(secondary);
        } else {
            List<Region> others = config.regions().stream().filter(r -> !r.name().equals(primary.name()))
                    .filter(r -> r.dns() != null && r.dns().settings().mode() == DnsMode.FAILOVER_RECORDS).toList();
            if (others.size() != 1) {
                throw new InvalidRequestException(others.isEmpty()
                        ? "no region besides " + primary.name() + " has dns.mode failover-records: give the standby region"
                                + " the same dns (provider route53, hostedZoneId, recordName, mode failover-records) with its value"
                        : "regions " + others.stream().map(Region::name).toList() + " all have dns.mode failover-records:"
                                + " name the one the pair fails over to (a pair has one SECONDARY)");
            }
            secondary = others.get(0);
        }
        if (secondary.name().equals(primary.name())) {
            throw new InvalidRequestException("the pair's two regions are both " + primary.name() + ": name another region");
        }
        samePair(primary, secondary);
        return new FailoverRecordsSetup(primary, secondary, aws);
    }

    private static Region region(DrConfig config, String name) {
        return config.region(name).orElseThrow(() -> new InvalidRequestException("region " + name + " is not in dr.yaml;"
                + " use one of " + config.regions().stream().map(Region::name).toList()));
    }

    private static void requireFailoverRecords(Region region) {
        String field = "region " + region.name() + " dns";
        if (region.dns() == null) {
            throw new InvalidRequestException(field + " is not set: add dns: { provider: route53, mode: failover-records,"
                    + " hostedZoneId, recordName, value }");
        }
        DnsSettings settings = region.dns().settings();
        if (settings.provider() != DnsProvider.ROUTE53) {
            throw new InvalidRequestException(field + ".provider is " + settings.provider().yamlName() + ": failover"
                    + " records are Route 53's; set provider: route53 or keep mode: upsert");
        }
        if (settings.mode() != DnsMode.FAILOVER_RECORDS) {
            throw new InvalidRequestException(field + ".mode is " + settings.mode().yamlName() + ": set mode: failover-records"
                    + " in dr.yaml to fail over with the record pair");
        }
    }

    /** One name in one hosted zone: the settings that make the records must agree. */
    private static void samePair(Region a, Region b) {
        DnsSettings x = a.dns().settings();
        DnsSettings y = b.dns().settings();
        differ("hostedZoneId", x.bareHostedZoneId(), y.bareHostedZoneId(), a, b);
        differ("recordName", x.absoluteRecordName(), y.absoluteRecordName(), a, b);
        differ("type", x.type(), y.type(), a, b);
        differ("ttl", x.ttl(), y.ttl(), a, b);
        differ("endpoint", x.endpoint(), y.endpoint(), a, b);
        if (a.dns().value().equals(b.dns().value())) {
            throw new InvalidRequestException("regions " + a.name() + " and " + b.name() + " have the same dns.value "
                    + a.dns().value() + ": each region's value is what the name answers while it is primary");
        }
    }

    private static void differ(String key, Object x, Object y, Region a, Region b) {
        if (!Objects.equals(x, y)) {
            throw new InvalidRequestException("region " + b.name() + " dns." + key + " " + y + " differs from " + a.name()
                    + "'s " + x + ": a failover record pair is one name in one hosted zone; make them the same");
        }
    }

    public Region primary() {
        return primary;
    }

    public Region secondary() {
        return secondary;
    }

    /** Reads Route 53 and says what a set-up would change; changes nothing. */
    public Route53FailoverRecords.SetUpPlan plan() {
        return records.plan(primary.dns().value(), secondary.dns().value());
    }

    /** @return the health check's id */
    public String apply(Route53FailoverRecords.SetUpPlan plan) {
        return records.apply(plan);
    }

    /** The pair as it stands, for {@code dr dns status}. */
    public Route53FailoverRecords.PairState state() {
        return records.pair();
    }

    public String describe() {
        return records.name() + " " + primary.dns().settings().type() + " in Route 53 hosted zone " + records.hostedZoneId()
                + ": answers " + primary.name() + "'s " + primary.dns().value() + ", fails over to " + secondary.name()
                + "'s " + secondary.dns().value() + " when the health check is switched";
    }

    @Override
    public void close() {
        records.close();
    }
}
