package org.drjenkins.engine.failover.dns;

import org.drjenkins.engine.config.DnsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeBatch;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/**
 * Switches a record in a Route 53 hosted zone: one UPSERT with ChangeResourceRecordSets, then GetChange until Route 53
 * reports INSYNC (the change is on all its authoritative servers).
 */
public final class Route53Switcher implements DnsSwitcher {

    /** AWS suggests polling GetChange no more often than every few seconds; INSYNC typically takes under a minute. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final Route53Client client;
    private final String hostedZoneId;
    private final String name;
    private final String type;
    private final long ttl;
    private final Duration pollInterval;
    private final Duration timeout;
    private final String endpointText;

    /**
     * @param settings         provider route53, validated ({@link DnsSettings#problems()} empty)
     * @param credentials      AWS credentials; never shown
     * @param region           {@link Region#AWS_GLOBAL} for AWS (Route 53 is global, signed for us-east-1); any for tests
     * @param endpointOverride a Route 53-compatible endpoint (tests); empty for AWS
     * @param pollInterval     between GetChange calls
     */
    public Route53Switcher(DnsSettings settings, AwsCredentialsProvider credentials, Region region, Optional<URI> endpointOverride,
            Duration pollInterval) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        this.hostedZoneId = settings.bareHostedZoneId();
        this.name = settings.absoluteRecordName();
        this.type = settings.type();
        this.ttl = settings.ttl();
        this.timeout = settings.timeout();
        this.pollInterval = pollInterval;
        this.endpointText = endpointOverride.map(u -> u.getScheme() + "://" + u.getAuthority()).orElse("AWS");
        this.client = Route53Clients.build(credentials, region, endpointOverride);
    }

    @Override
    public DnsRecord current() {
        try {
            List<ResourceRecordSet> sets = client.listResourceRecordSets(r -> r.hostedZoneId(hostedZoneId)
                    .startRecordName(name).startRecordType(type).maxItems("1")).resourceRecordSets();
            // The listing starts at the name but continues with the next names when it does not exist.
            Optional<ResourceRecordSet> match = sets.stream()
                    .filter(s -> sameName(s.name(), name) && type.equals(s.typeAsString())).findFirst();
            if (match.isEmpty()) {
                return new DnsRecord(name, type, 0, List.of());
            }
            ResourceRecordSet set = match.get();
            List<String> values = set.aliasTarget() != null ? List.of(set.aliasTarget().dnsName())
                    : set.resourceRecords().stream().map(ResourceRecord::value).toList();
            return new DnsRecord(name, type, set.ttl() == null ? 0 : set.ttl(), values);
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not list " + name + " " + type + " in hosted zone " + hostedZoneId + ": " + awsMessage(e), e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    /** GetHostedZone (the zone exists, the credentials may read it), then the record with ListResourceRecordSets. */
    @Override
    public String probe() {
        String zoneName;
        try {
            zoneName = client.getHostedZone(r -> r.id(hostedZoneId)).hostedZone().name();
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not return hosted zone " + hostedZoneId + ": " + awsMessage(e)
                    + " (check dns.hostedZoneId and that the AWS credentials may use it)", e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
        DnsRecord record = current();
        if (!record.exists()) {
            throw new DnsException("Route 53 hosted zone " + hostedZoneId + " (" + zoneName + ") has no " + type
                    + " record " + name + ": check dns.recordName and dns.type (the switch would create it)");
        }
        return "Route 53 (" + endpointText + ") returned hosted zone " + hostedZoneId + " (" + zoneName + ") and " + record;
    }

    @Override
    public void point(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the new value of " + name + " " + type + " is empty");
        }
        ResourceRecordSet set = ResourceRecordSet.builder().name(name).type(type).ttl(ttl)
                .resourceRecords(ResourceRecord.builder().value(value.trim()).build()).build();
        ChangeInfo change;
        try {
            change = client.changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId).changeBatch(ChangeBatch.builder()
                    .comment("dr failover: point " + name + " " + type + " to " + value.trim())
                    .changes(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(set).build()).build())).changeInfo();
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 refused to point " + name + " " + type + " to " + value.trim() + " in hosted zone " + hostedZoneId
                    + ": " + awsMessage(e), e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
        awaitInSync(changeId(change.id()), change.status());
    }

    private void awaitInSync(String changeId, ChangeStatus initial) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ChangeStatus status = initial;
        while (status != ChangeStatus.INSYNC) {
            if (System.nanoTime() - deadline >= 0) {
                throw new DnsException("Route 53 change " + changeId + " for " + name + " is still " + status + " after " + timeout.toSeconds()
                        + " s: the change is accepted but not yet on all Route 53 servers; check it with aws route53 get-change --id " + changeId);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException("interrupted while waiting for Route 53 change " + changeId + " of " + name, e);
            }
            try {
                status = client.getChange(r -> r.id(changeId)).changeInfo().status();
            } catch (Route53Exception e) {
                throw new DnsException("Route 53 did not report change " + changeId + " of " + name + ": " + awsMessage(e), e);
            } catch (SdkClientException e) {
                throw unreachable(e);
            }
        }
    }

    /** The SDK strips Route 53's {@code /change/} prefix from ids; strip it ourselves in case a version does not. */
    private static String changeId(String id) {
        return id.startsWith("/change/") ? id.substring("/change/".length()) : id;
    }

    /** Route 53's reason, from either of its error documents, with code and HTTP status; shared with the failover records. */
    static String awsMessage(Route53Exception e) {
        AwsErrorDetails details = e.awsErrorDetails();
        String message = details == null ? null : details.errorMessage();
        if (e instanceof InvalidChangeBatchException batch && batch.hasMessages() && !batch.messages().isEmpty()) {
            message = String.join("; ", batch.messages());
        }
        if (message == null && details != null && details.rawResponse() != null) {
            message = messagesIn(details.rawResponse().asUtf8String());
        }
        String code = details == null ? null : details.errorCode();
        return (message == null ? "no message" : message) + " (" + (code == null ? "" : code + ", ") + "HTTP " + e.statusCode() + ")";
    }

    /**
     * The SDK reads only Route 53's standard ErrorResponse; the older InvalidChangeBatch document puts its reasons in
     * Messages/Message, which this picks out so the operator still sees why the change was refused.
     */
    private static String messagesIn(String xml) {
        List<String> found = new java.util.ArrayList<>();
        Matcher m = XML_MESSAGE.matcher(xml);
        while (m.find()) {
            found.add(m.group(1).trim());
        }
        return found.isEmpty() ? null : String.join("; ", found);
    }

    private DnsException unreachable(SdkClientException e) {
        return new DnsException("cannot reach Route 53 (" + endpointText + ") for " + name + ": " + e.getMessage()
                + " (check network access and AWS credentials)", e);
    }

    private static boolean sameName(String listed, String wanted) {
        String a = listed.endsWith(".") ? listed : listed + ".";
        return a.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT));
    }

    @Override
    public String describe() {
        return "Route 53 UPSERT of " + name + " " + type + " (TTL " + ttl + ") in hosted zone " + hostedZoneId
                + (endpointText.equals("AWS") ? "" : " at " + endpointText);
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public void close() {
        client.close();
    }
}
