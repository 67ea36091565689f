package org.drjenkins.engine.failover.dns;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.HealthCheck;
import software.amazon.awssdk.services.route53.model.HealthCheckType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetFailover;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/**
 * DNS that does not depend on the failed region at failover time, as AWS's DR guidance recommends: in calm times a
 * Route 53 PRIMARY/SECONDARY failover record pair is set up, the PRIMARY tied to a health check dr controls (CALCULATED,
 * no children, threshold 0: healthy until inverted); at failover time only that health check's state changes
 * (UpdateHealthCheck with {@code Inverted=true}), a data-plane-style switch that needs no record change: Route 53 then
 * answers with the SECONDARY by itself. Failing back inverts it again.
 */
public final class Route53FailoverRecords implements AutoCloseable {

    /** The SetIdentifier of the pair's records. */
    public static final String PRIMARY_ID = "dr-primary";
    public static final String SECONDARY_ID = "dr-secondary";

    private final Route53Client client;
    private final String hostedZoneId;
    private final String name;
    private final String type;
    private final long ttl;

    /**
     * @param name             the record, absolute ({@code db.example.com.})
     * @param endpointOverride {@code dns.endpoint}; empty for AWS's own
     */
    public Route53FailoverRecords(String hostedZoneId, String name, String type, long ttl,
            AwsCredentialsProvider credentials, Region region, Optional<URI> endpointOverride) {
        this.client = Route53Clients.build(credentials, region, endpointOverride);
        this.hostedZoneId = hostedZoneId;
        this.name = name.endsWith(".") ? name : name + ".";
        this.type = type.toUpperCase(Locale.ROOT);
        this.ttl = ttl;
    }

    /**
     * Creates the health check and UPSERTs the pair: PRIMARY (with the health check) pointing at {@code primaryValue},
     * SECONDARY at {@code secondaryValue}.
     *
     * @return the new health check's id, for {@link #failOver} and {@link #probe}
     */
    public String setUp(String primaryValue, String secondaryValue) {
        String healthCheckId;
        try {
            healthCheckId = client.createHealthCheck(r -> r.callerReference("dr-" + UUID.randomUUID())
                    .healthCheckConfig(c -> c.type(HealthCheckType.CALCULATED).healthThreshold(0).inverted(false)))
                    .healthCheck().id();
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not create the health check for " + name + ": " + message(e), e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
        ResourceRecordSet primary = ResourceRecordSet.builder().name(name).type(type).ttl(ttl).setIdentifier(PRIMARY_ID)
                .failover(ResourceRecordSetFailover.PRIMARY).healthCheckId(healthCheckId)
                .resourceRecords(ResourceRecord.builder().value(primaryValue).build()).build();
        ResourceRecordSet secondary = ResourceRecordSet.builder().name(name).type(type).ttl(ttl)
                .setIdentifier(SECONDARY_ID).failover(ResourceRecordSetFailover.SECONDARY)
                .resourceRecords(ResourceRecord.builder().value(secondaryValue).build()).build();
        try {
            client.changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId).changeBatch(b -> b
                    .comment("dr dns: failover record pair for " + name + " (health check " + healthCheckId + ")")
                    .changes(Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(primary).build(),
                            Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(secondary).build())));
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 refused the failover record pair for " + name + " in hosted zone "
                    + hostedZoneId + ": " + message(e) + "; health check " + healthCheckId + " was created and is unused:"
                    + " delete it with aws route53 delete-health-check --health-check-id " + healthCheckId, e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
        return healthCheckId;
    }

    /** Marks the PRIMARY unhealthy (inverted), so Route 53 answers with the SECONDARY. */
    public void failOver(String healthCheckId) {
        invert(healthCheckId, true);
    }

    /** Marks the PRIMARY healthy again. */
    public void failBack(String healthCheckId) {
        invert(healthCheckId, false);
    }

    /** GetHealthCheck: it exists, the credentials may read it, and which way it points now. */
    public String probe(String healthCheckId) {
        HealthCheck check = get(healthCheckId);
        boolean inverted = Boolean.TRUE.equals(check.healthCheckConfig().inverted());
        return "Route 53 health check " + healthCheckId + " (" + check.healthCheckConfig().typeAsString() + ", version "
                + check.healthCheckVersion() + ") is " + (inverted ? "inverted: " + name + " answers with its SECONDARY"
                        : "not inverted: " + name + " answers with its PRIMARY");
    }

    private void invert(String healthCheckId, boolean inverted) {
        // The version read first makes the update conditional: Route 53 refuses it if someone changed it in between.
        long version = get(healthCheckId).healthCheckVersion();
        try {
            client.updateHealthCheck(r -> r.healthCheckId(healthCheckId).healthCheckVersion(version).inverted(inverted));
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not " + (inverted ? "invert" : "restore") + " health check "
                    + healthCheckId + " of " + name + ": " + message(e), e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private HealthCheck get(String healthCheckId) {
        try {
            return client.getHealthCheck(r -> r.healthCheckId(healthCheckId)).healthCheck();
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not return health check " + healthCheckId + " of " + name + ": "
                    + message(e) + " (check the health check id and that the AWS credentials may use it)", e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private static String message(Route53Exception e) {
        String text = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return (text == null ? "no message" : text) + " (HTTP " + e.statusCode() + ")";
    }

    private DnsException unreachable(SdkClientException e) {
        return new DnsException("cannot reach Route 53 for " + name + ": " + e.getMessage()
                + " (check network access, dns.endpoint and AWS credentials)", e);
    }

    @Override
    public void close() {
        client.close();
    }
}
