package org.drjenkins.engine.failover.dns;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.DnsSettings;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code dns.mode: failover-records}: the failover changes no record. The record pair set up in calm times
 * ({@code dr dns setup-failover-records}) stays as it is; pointing the name at a region only sets the PRIMARY's
 * health check so that Route 53 answers with the record holding that region's value: inverted for the SECONDARY,
 * not inverted for the PRIMARY. Already so (a resumed failover), it sends nothing.
 */
public final class Route53FailoverRecordSwitcher implements DnsSwitcher {

    private final Route53FailoverRecords records;
    private final String type;
    private final String endpointText;

    public Route53FailoverRecordSwitcher(DnsSettings settings, AwsCredentialsProvider credentials, Region region,
            Optional<URI> endpointOverride) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        this.type = settings.type();
        this.endpointText = endpointOverride.map(u -> u.getScheme() + "://" + u.getAuthority()).orElse("AWS");
        this.records = new Route53FailoverRecords(settings.bareHostedZoneId(), settings.absoluteRecordName(), type,
                settings.ttl(), credentials, region, endpointOverride);
    }

    /** What Route 53 answers now: the pair's record the health check selects (a plain record before the set-up). */
    @Override
    public DnsRecord current() {
        Route53FailoverRecords.RecordSets sets = records.recordSets();
        if (!sets.pairExists()) {
            return sets.plain().map(p -> new DnsRecord(records.name(), type, p.ttl(), p.values()))
                    .orElse(new DnsRecord(records.name(), type, 0, List.of()));
        }
        Route53FailoverRecords.Listed answering = records.pair().answering();
        return new DnsRecord(records.name(), type, answering.ttl(), answering.values());
    }

    @Override
    public void point(String value) {
        Route53FailoverRecords.PairState pair = records.pair();
        boolean invert = invertedFor(pair, value);
        records.setInverted(pair.healthCheckId(), invert);
        // Read back: Route 53 has no change id for a health check update, its own state is what we can confirm.
        Route53FailoverRecords.PairState after = records.pair();
        if (after.inverted() != invert) {
            throw new DnsException("Route 53 accepted the update of health check " + pair.healthCheckId() + " of "
                    + records.name() + " but still reports it " + (after.inverted() ? "inverted" : "not inverted")
                    + ": check it with aws route53 get-health-check --health-check-id " + pair.healthCheckId());
        }
    }

    /** The pair answers {@code value} with the health check not inverted (PRIMARY) or inverted (SECONDARY). */
    private boolean invertedFor(Route53FailoverRecords.PairState pair, String value) {
        String wanted = value == null ? "" : value.trim();
        if (pair.secondary().value().equals(wanted)) {
            return true;
        }
        if (pair.primary().value().equals(wanted)) {
            return false;
        }
        throw new DnsException("the failover record pair of " + records.name() + " holds PRIMARY " + pair.primary().value()
                + " and SECONDARY " + pair.secondary().value() + ", not " + wanted + ": the health check can only choose"
                + " between them; run dr dns setup-failover-records (with --primary the region that is primary now)");
    }

    /** ListResourceRecordSets (the pair is there) and GetHealthCheck (it exists, the credentials may use it). */
    @Override
    public String probe() {
        Route53FailoverRecords.PairState pair = records.pair();
        return "Route 53 (" + endpointText + ") lists the failover record pair " + pair.describe(records.name())
                + " (version " + pair.version() + ")";
    }

    /** Besides {@link #probe()}: {@code value} is one of the pair's, so the health check can select it. */
    @Override
    public String probeFor(String value) {
        Route53FailoverRecords.PairState pair = records.pair();
        boolean invert = invertedFor(pair, value);
        return "Route 53 (" + endpointText + ") lists the failover record pair " + pair.describe(records.name())
                + "; the failover would " + (invert == pair.inverted() ? "leave health check " + pair.healthCheckId()
                        + " as it is" : (invert ? "invert" : "restore") + " health check " + pair.healthCheckId())
                + " and change no record";
    }

    @Override
    public String describe() {
        return "Route 53 failover record pair " + records.name() + " " + type + " in hosted zone " + records.hostedZoneId()
                + " (dns.mode failover-records: the health check is switched, no record is changed)"
                + (endpointText.equals("AWS") ? "" : " at " + endpointText);
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public void close() {
        records.close();
    }
}
