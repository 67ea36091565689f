package org.drjenkins.engine.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.S3ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.Json;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The one lease every failover of the plan takes first ({@code dr failover}, {@code dr watch}, drills and Jenkins'
 * drFailover all run through {@link FailoverService}), so two of them never act on the regions at once, whichever
 * machine, controller or restarted process they run in. The lease is {@value #KEY} in the bucket of every region, taken
 * with S3 conditional writes, as Terraform's S3 lock does: {@code If-None-Match: *} creates it, {@code If-Match} on
 * its ETag takes over an expired one, renews or releases it. Holding it means holding a majority of the buckets, so
 * two holders are impossible even when some buckets do not answer. A holder that dies leaves a lease that expires.
 */
public final class FailoverLease implements AutoCloseable {

    public static final String KEY = "failover/lease.json";

    /**
     * What the lease object says.
     *
     * @param holder     who holds it: command, host and process, for the message another contender gets
     * @param purpose    what it is held for, e.g. {@code failover us-east-1 -> eu-west-1}
     * @param acquiredAt when it was taken
     * @param expiresAt  when anyone may take it over unless renewed
     */
    public record Body(String holder, String purpose, Instant acquiredAt, Instant expiresAt) {
    }

    /** Why the lease could not be taken. */
    public static final class NotTakenException extends Exception {

        private final boolean heldByAnother;

        NotTakenException(String message, boolean heldByAnother) {
            super(message);
            this.heldByAnother = heldByAnother;
        }

        /** Another holder has it (never to be forced); otherwise too few buckets answered. */
        public boolean heldByAnother() {
            return heldByAnother;
        }
    }

    private final Map<Region, String> etags;
    private final StoreProvider stores;
    private final Clock clock;
    private final Duration ttl;
    private Body body;

    private FailoverLease(Map<Region, String> etags, StoreProvider stores, Clock clock, Duration ttl, Body body) {
        this.etags = etags;
        this.stores = stores;
        this.clock = clock;
        this.ttl = ttl;
        this.body = body;
    }

    /**
     * Takes the lease in the buckets of {@code regions}: done when a majority was taken; otherwise what was taken is
     * released again.
     *
     * @throws NotTakenException when another holder has it in some bucket, or a majority could not be reached
     */
    public static FailoverLease acquire(List<Region> regions, StoreProvider stores, String holder, String purpose,
            Duration ttl, Clock clock) throws NotTakenException {
        Instant now = clock.instant();
        Body body = new Body(holder, purpose, now, now.plus(ttl));
        Map<Region, String> taken = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Optional<Body> other = Optional.empty();
        for (Region region : regions) {
            try (ObjectStore store = stores.open(region)) {
                Attempt attempt = take(client(store), store.bucket(), body, clock);
                if (attempt.etag() != null) {
                    taken.put(region, attempt.etag());
                } else {
                    other = attempt.heldBy();
                    break;
                }
            } catch (RuntimeException e) {
                problems.add(region.name() + ": " + FailoverService.oneLine(e));
            }
        }
        int answered = taken.size();
        FailoverLease lease = new FailoverLease(taken, stores, clock, ttl, body);
        if (other.isPresent()) {
            lease.close();
            Body b = other.get();
            throw new NotTakenException("the failover lease is held by " + b.holder() + " for " + b.purpose()
                    + " since " + b.acquiredAt() + " (expires " + b.expiresAt() + " unless renewed): another failover is "
                    + "acting on these regions; wait for it, or, if its holder died, for the lease to expire", true);
        }
        int majority = regions.size() / 2 + 1;
        if (answered < majority) {
            lease.close();
            throw new NotTakenException("the failover lease needs " + majority + " of " + regions.size()
                    + " regions' buckets and only " + answered + " answered (" + String.join("; ", problems) + ")",
                    false);
        }
        return lease;
    }

    private record Attempt(String etag, Optional<Body> heldBy) {
    }

    private static Attempt take(S3Client s3, String bucket, Body body, Clock clock) {
        byte[] content = Json.toBytes(body);
        try {
            return new Attempt(s3.putObject(b -> b.bucket(bucket).key(KEY).ifNoneMatch("*")
                    .contentType("application/json"), RequestBody.fromBytes(content)).eTag(), Optional.empty());
        } catch (AwsServiceException e) {
            if (!preconditionFailed(e)) {
                throw e;
            }
        }
        ResponseBytes<GetObjectResponse> current;
        try {
            current = s3.getObjectAsBytes(b -> b.bucket(bucket).key(KEY));
        } catch (NoSuchKeyException gone) {
            // Released by overwrite-then-delete in between: try once more from the start.
            return new Attempt(s3.putObject(b -> b.bucket(bucket).key(KEY).ifNoneMatch("*")
                    .contentType("application/json"), RequestBody.fromBytes(content)).eTag(), Optional.empty());
        }
        Body held = Json.fromBytes(current.asByteArray(), Body.class, bucket + "/" + KEY);
        if (held.expiresAt().isAfter(clock.instant())) {
            return new Attempt(null, Optional.of(held));
        }
        // Expired: take it over, but only if nobody else did since we read it.
        try {
            return new Attempt(s3.putObject(b -> b.bucket(bucket).key(KEY).ifMatch(current.response().eTag())
                    .contentType("application/json"), RequestBody.fromBytes(content)).eTag(), Optional.empty());
        } catch (AwsServiceException e) {
            if (preconditionFailed(e)) {
                return new Attempt(null, Optional.of(Json.fromBytes(s3.getObjectAsBytes(b -> b.bucket(bucket).key(KEY))
                        .asByteArray(), Body.class, bucket + "/" + KEY)));
            }
            throw e;
        }
    }

    private static boolean preconditionFailed(AwsServiceException e) {
        // 412 PreconditionFailed; 409 ConditionalRequestConflict when two conditional writes race on AWS.
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    private static S3Client client(ObjectStore store) {
        if (store instanceof S3ObjectStore s3) {
            return s3.client();
        }
        throw new IllegalStateException("the failover lease needs an S3 bucket, not " + store.getClass().getSimpleName());
    }

    public Body body() {
        return body;
    }

    /** Pushes the expiry out by the lease's time to live in every bucket it holds; a bucket where it was lost drops out. */
    public synchronized void renew() {
        Instant now = clock.instant();
        Body renewed = new Body(body.holder(), body.purpose(), body.acquiredAt(), now.plus(ttl));
        byte[] content = Json.toBytes(renewed);
        for (Map.Entry<Region, String> held : new ArrayList<>(etags.entrySet())) {
            try (ObjectStore store = stores.open(held.getKey())) {
                String etag = client(store).putObject(b -> b.bucket(store.bucket()).key(KEY).ifMatch(held.getValue())
                        .contentType("application/json"), RequestBody.fromBytes(content)).eTag();
                etags.put(held.getKey(), etag);
            } catch (RuntimeException e) {
                etags.remove(held.getKey());
            }
        }
        body = renewed;
    }

    /** Releases it: in each bucket it still holds, the object is deleted if it is still ours (If-Match on its ETag). */
    @Override
    public synchronized void close() {
        for (Map.Entry<Region, String> held : etags.entrySet()) {
            try (ObjectStore store = stores.open(held.getKey())) {
                S3Client s3 = client(store);
                // Made expired first, so that a store that ignores a conditional delete leaves nothing that blocks.
                Body expired = new Body(body.holder(), body.purpose(), body.acquiredAt(), clock.instant());
                String etag = s3.putObject(b -> b.bucket(store.bucket()).key(KEY).ifMatch(held.getValue())
                        .contentType("application/json"), RequestBody.fromBytes(Json.toBytes(expired))).eTag();
                s3.deleteObject(b -> b.bucket(store.bucket()).key(KEY).ifMatch(etag));
            } catch (RuntimeException e) {
                // Lost or unreachable: it expires by itself.
            }
        }
        etags.clear();
    }
}
