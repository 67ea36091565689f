package org.drjenkins.engine.failover.dns;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import software.amazon.awssdk.services.route53.model.NoSuchHealthCheckException;
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
    /** How many record sets of the name one listing reads: the pair, a plain record, and room for strays. */
    private static final String LIST_MAX_ITEMS = "10";

    private final Route53Client client;
    private final String hostedZoneId;
    private final String name;
    private final String type;
    private final long ttl;

    /**
     * One record set of the name and type as Route 53 lists it.
     *
     * @param setIdentifier {@code null} for a plain (simple routing) record
     * @param healthCheckId {@code null} when none is attached
     */
    public record Listed(String setIdentifier, String failover, long ttl, List<String> values, String healthCheckId) {
        public Listed {
            values = List.copyOf(values);
        }

        /** The one value a failover record of dr's holds. */
        public String value() {
            return values.isEmpty() ? "" : values.get(0);
        }
    }

    /** The record sets of the name and type: the pair's two (when set up) and a plain record (before it is). */
    public record RecordSets(Optional<Listed> primary, Optional<Listed> secondary, Optional<Listed> plain) {

        public boolean pairExists() {
            return primary.isPresent() && secondary.isPresent() && primary.get().healthCheckId() != null;
        }
    }

    /** The pair as it stands: both records, the health check, and so which record Route 53 answers with. */
    public record PairState(Listed primary, Listed secondary, String healthCheckId, boolean inverted, long version) {

        public Listed answering() {
            return inverted ? secondary : primary;
        }

        public String describe(String name) {
            return name + " PRIMARY " + primary.value() + " / SECONDARY " + secondary.value() + ", health check "
                    + healthCheckId + (inverted ? " inverted: answers the SECONDARY " : " not inverted: answers the PRIMARY ")
                    + answering().value();
        }
    }

    /**
     * What a set-up would do, computed from what Route 53 lists now and nothing changed yet.
     *
     * @param healthCheckId the health check the PRIMARY keeps; empty when one is to be created
     * @param changes       the change batch's changes, in order; empty when the pair is already as wanted
     * @param summary       one line: what is there and what changes
     */
    public record SetUpPlan(Optional<String> healthCheckId, List<Change> changes, String summary) {

        public boolean changesNothing() {
            return healthCheckId.isPresent() && changes.isEmpty();
        }
    }

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

    public String name() {
        return name;
    }

    public String hostedZoneId() {
        return hostedZoneId;
    }

    /**
     * Makes the pair answer {@code primaryValue}, with {@code secondaryValue} as the SECONDARY: creates the health
     * check when there is none and UPSERTs what differs; a second run changes nothing. See {@link #plan}.
     *
     * @return the health check's id, for {@link #failOver} and {@link #probe}
     */
    public String setUp(String primaryValue, String secondaryValue) {
        return apply(plan(primaryValue, secondaryValue));
    }

    /**
     * What {@link #setUp} would send. Reads the record sets (and the health check of an existing PRIMARY); changes
     * nothing. A pair that was failed over keeps its orientation (the SECONDARY keeps answering when it holds
     * {@code primaryValue}), because turning it round would send clients to the old primary for a moment.
     *
     * @throws DnsException when the record answers another value than {@code primaryValue} now: a set-up in calm
     *                      times never moves traffic (that is a failover's job)
     */
    public SetUpPlan plan(String primaryValue, String secondaryValue) {
        RecordSets sets = recordSets();
        Optional<HealthCheck> check = sets.primary().map(Listed::healthCheckId).flatMap(this::find);
        boolean inverted = check.map(c -> Boolean.TRUE.equals(c.healthCheckConfig().inverted())).orElse(false);
        if (check.isPresent()) {
            Listed answering = inverted ? sets.secondary().orElse(null) : sets.primary().get();
            if (answering == null || !answering.value().equals(primaryValue)) {
                throw new DnsException(name + " answers " + (answering == null ? "nothing (no SECONDARY)" : answering.value())
                        + " (its " + (inverted ? "SECONDARY: health check " + check.get().id() + " is inverted, a failover"
                        + " was made" : "PRIMARY") + "), not the primary region's " + primaryValue + ": a set-up never"
                        + " moves traffic; name the region that is primary now (--primary) or fail over first");
            }
        } else if (sets.plain().isPresent() && !sets.plain().get().values().equals(List.of(primaryValue))) {
            throw new DnsException(name + " " + type + " answers " + String.join(", ", sets.plain().get().values())
                    + " (a plain record), not the primary region's " + primaryValue + ": a set-up never moves traffic;"
                    + " name the region that is primary now (--primary) or point the record at it first");
        }
        String primaryRecordValue = inverted ? secondaryValue : primaryValue;
        String secondaryRecordValue = inverted ? primaryValue : secondaryValue;
        Optional<String> healthCheckId = check.map(HealthCheck::id);
        String hcForRecord = healthCheckId.orElse(null);
        List<Change> changes = new ArrayList<>();
        List<String> what = new ArrayList<>();
        if (sets.plain().isPresent()) {
            // Route 53 refuses failover records beside a plain record of the same name and type; one batch is atomic.
            Listed plain = sets.plain().get();
            changes.add(Change.builder().action(ChangeAction.DELETE).resourceRecordSet(ResourceRecordSet.builder()
                    .name(name).type(type).ttl(plain.ttl()).resourceRecords(plain.values().stream()
                            .map(v -> ResourceRecord.builder().value(v).build()).toList()).build()).build());
            what.add("replace the plain record " + String.join(", ", plain.values()));
        }
        if (!matches(sets.primary(), primaryRecordValue, healthCheckId)) {
            changes.add(upsert(PRIMARY_ID, ResourceRecordSetFailover.PRIMARY, primaryRecordValue, hcForRecord));
            what.add("PRIMARY " + primaryRecordValue);
        }
        if (!matches(sets.secondary(), secondaryRecordValue, Optional.empty())) {
            changes.add(upsert(SECONDARY_ID, ResourceRecordSetFailover.SECONDARY, secondaryRecordValue, null));
            what.add("SECONDARY " + secondaryRecordValue);
        }
        String summary;
        if (healthCheckId.isPresent() && changes.isEmpty()) {
            summary = "already set up: " + name + " " + type + " PRIMARY " + primaryRecordValue + " / SECONDARY "
                    + secondaryRecordValue + ", health check " + healthCheckId.get() + (inverted ? " inverted" : "")
                    + "; nothing to change";
        } else {
            summary = (healthCheckId.isPresent() ? "keep health check " + healthCheckId.get()
                    : "create a health check (CALCULATED, threshold 0, not inverted)") + " and "
                    + (changes.isEmpty() ? "change no record" : "UPSERT " + String.join(", ", what)) + " of " + name + " " + type
                    + " in hosted zone " + hostedZoneId;
        }
        return new SetUpPlan(healthCheckId, List.copyOf(changes), summary);
    }

    /** Sends a plan: the health check first when there is none, then the batch, with the new id in the PRIMARY. */
    public String apply(SetUpPlan plan) {
        if (plan.changesNothing()) {
            return plan.healthCheckId().get();
        }
        String healthCheckId = plan.healthCheckId().orElseGet(this::createHealthCheck);
        List<Change> changes = plan.changes().stream().map(c -> withHealthCheck(c, healthCheckId)).toList();
        if (changes.isEmpty()) {
            return healthCheckId;
        }
        try {
            client.changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId).changeBatch(b -> b
                    .comment("dr dns: failover record pair for " + name + " (health check " + healthCheckId + ")")
                    .changes(changes)));
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 refused the failover record pair for " + name + " in hosted zone "
                    + hostedZoneId + ": " + message(e) + (plan.healthCheckId().isPresent() ? "" : "; health check "
                    + healthCheckId + " was created and is unused: delete it with aws route53 delete-health-check"
                    + " --health-check-id " + healthCheckId), e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
        return healthCheckId;
    }

    /**
     * The plan's change batch as {@code aws route53 change-resource-record-sets --change-batch} takes it; a health
     * check still to be created shows as {@code <created by the set-up>}.
     */
    public static Map<String, Object> changeBatch(SetUpPlan plan) {
        String hc = plan.healthCheckId().orElse("<created by the set-up>");
        List<Object> changes = new ArrayList<>();
        for (Change change : plan.changes()) {
            ResourceRecordSet set = change.resourceRecordSet();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("Name", set.name());
            json.put("Type", set.typeAsString());
            if (set.setIdentifier() != null) {
                json.put("SetIdentifier", set.setIdentifier());
                json.put("Failover", set.failoverAsString());
            }
            json.put("TTL", set.ttl());
            json.put("ResourceRecords", set.resourceRecords().stream().map(r -> Map.of("Value", r.value())).toList());
            if (set.failover() == ResourceRecordSetFailover.PRIMARY) {
                json.put("HealthCheckId", set.healthCheckId() == null ? hc : set.healthCheckId());
            }
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("Action", change.actionAsString());
            one.put("ResourceRecordSet", json);
            changes.add(one);
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("Comment", "dr dns: failover record pair");
        batch.put("Changes", changes);
        return batch;
    }

    /** Marks the PRIMARY unhealthy (inverted), so Route 53 answers with the SECONDARY. */
    public void failOver(String healthCheckId) {
        invert(healthCheckId, true);
    }

    /** Marks the PRIMARY healthy again. */
    public void failBack(String healthCheckId) {
        invert(healthCheckId, false);
    }

    /**
     * Sets the health check so that the pair answers with its PRIMARY ({@code inverted} false) or SECONDARY (true),
     * conditional on the version it read; returns at once when it already does, so a resumed failover sends nothing.
     *
     * @return whether an UpdateHealthCheck was sent
     */
    public boolean setInverted(String healthCheckId, boolean inverted) {
        HealthCheck check = get(healthCheckId);
        if (Boolean.TRUE.equals(check.healthCheckConfig().inverted()) == inverted) {
            return false;
        }
        update(healthCheckId, check.healthCheckVersion(), inverted);
        return true;
    }

    /** GetHealthCheck: it exists, the credentials may read it, and which way it points now. */
    public String probe(String healthCheckId) {
        HealthCheck check = get(healthCheckId);
        boolean inverted = Boolean.TRUE.equals(check.healthCheckConfig().inverted());
        return "Route 53 health check " + healthCheckId + " (" + check.healthCheckConfig().typeAsString() + ", version "
                + check.healthCheckVersion() + ") is " + (inverted ? "inverted: " + name + " answers with its SECONDARY"
                        : "not inverted: " + name + " answers with its PRIMARY");
    }

    /** ListResourceRecordSets from the name and type: what is there now. */
    public RecordSets recordSets() {
        List<ResourceRecordSet> listed;
        try {
            listed = client.listResourceRecordSets(r -> r.hostedZoneId(hostedZoneId).startRecordName(name)
                    .startRecordType(type).maxItems(LIST_MAX_ITEMS)).resourceRecordSets();
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not list " + name + " " + type + " in hosted zone " + hostedZoneId + ": "
                    + message(e) + " (check dns.hostedZoneId and that the AWS credentials may use it)", e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
        Optional<Listed> primary = Optional.empty();
        Optional<Listed> secondary = Optional.empty();
        Optional<Listed> plain = Optional.empty();
        for (ResourceRecordSet set : listed) {
            // The listing starts at the name but goes on with the names after it.
            if (!sameName(set.name()) || !type.equals(set.typeAsString())) {
                continue;
            }
            Listed one = new Listed(set.setIdentifier(), set.failoverAsString(), set.ttl() == null ? 0 : set.ttl(),
                    set.resourceRecords().stream().map(ResourceRecord::value).toList(), set.healthCheckId());
            if (set.setIdentifier() == null) {
                plain = Optional.of(one);
            } else if (PRIMARY_ID.equals(set.setIdentifier())) {
                primary = Optional.of(one);
            } else if (SECONDARY_ID.equals(set.setIdentifier())) {
                secondary = Optional.of(one);
            }
        }
        return new RecordSets(primary, secondary, plain);
    }

    /**
     * The pair and its health check, as a failover needs them.
     *
     * @throws DnsException when the pair is not there (not set up) or its health check is gone, saying the fix
     */
    public PairState pair() {
        RecordSets sets = recordSets();
        if (!sets.pairExists()) {
            throw new DnsException("Route 53 hosted zone " + hostedZoneId + " has no failover record pair for " + name + " "
                    + type + " (" + (sets.primary().isEmpty() ? "no PRIMARY " + PRIMARY_ID
                            : sets.secondary().isEmpty() ? "no SECONDARY " + SECONDARY_ID : "the PRIMARY has no health check")
                    + "): dns.mode failover-records needs it set up in calm times with dr dns setup-failover-records");
        }
        String healthCheckId = sets.primary().get().healthCheckId();
        HealthCheck check = get(healthCheckId);
        return new PairState(sets.primary().get(), sets.secondary().get(), healthCheckId,
                Boolean.TRUE.equals(check.healthCheckConfig().inverted()), check.healthCheckVersion());
    }

    private boolean matches(Optional<Listed> listed, String value, Optional<String> healthCheckId) {
        return listed.isPresent() && listed.get().values().equals(List.of(value)) && listed.get().ttl() == ttl
                && (healthCheckId.isEmpty() || healthCheckId.get().equals(listed.get().healthCheckId()));
    }

    private Change upsert(String setIdentifier, ResourceRecordSetFailover failover, String value, String healthCheckId) {
        return Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(ResourceRecordSet.builder().name(name)
                .type(type).ttl(ttl).setIdentifier(setIdentifier).failover(failover).healthCheckId(healthCheckId)
                .resourceRecords(ResourceRecord.builder().value(value).build()).build()).build();
    }

    private static Change withHealthCheck(Change change, String healthCheckId) {
        ResourceRecordSet set = change.resourceRecordSet();
        if (set.failover() != ResourceRecordSetFailover.PRIMARY || set.healthCheckId() != null) {
            return change;
        }
        return change.toBuilder().resourceRecordSet(set.toBuilder().healthCheckId(healthCheckId).build()).build();
    }

    private String createHealthCheck() {
        try {
            return client.createHealthCheck(r -> r.callerReference("dr-" + UUID.randomUUID())
                    .healthCheckConfig(c -> c.type(HealthCheckType.CALCULATED).healthThreshold(0).inverted(false)))
                    .healthCheck().id();
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not create the health check for " + name + ": " + message(e), e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    private void invert(String healthCheckId, boolean inverted) {
        // The version read first makes the update conditional: Route 53 refuses it if someone changed it in between.
        update(healthCheckId, get(healthCheckId).healthCheckVersion(), inverted);
    }

    private void update(String healthCheckId, long version, boolean inverted) {
        try {
            client.updateHealthCheck(r -> r.healthCheckId(healthCheckId).healthCheckVersion(version).inverted(inverted));
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not " + (inverted ? "invert" : "restore") + " health check "
                    + healthCheckId + " of " + name + ": " + message(e), e);
        } catch (SdkClientException e) {
            throw unreachable(e);
        }
    }

    /** The health check, or empty when Route 53 says there is none (deleted by hand): a set-up then makes a new one. */
    private Optional<HealthCheck> find(String healthCheckId) {
        try {
            return Optional.of(client.getHealthCheck(r -> r.healthCheckId(healthCheckId)).healthCheck());
        } catch (NoSuchHealthCheckException e) {
            return Optional.empty();
        } catch (Route53Exception e) {
            throw new DnsException("Route 53 did not return health check " + healthCheckId + " of " + name + ": "
                    + message(e) + " (check that the AWS credentials may use it)", e);
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

    private boolean sameName(String listed) {
        String a = listed.endsWith(".") ? listed : listed + ".";
        return a.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
    }

    private static String message(Route53Exception e) {
        return Route53Switcher.awsMessage(e);
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
