package org.drjenkins.engine.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.S3ObjectStore;
import org.drjenkins.engine.storage.StoreException;
import org.drjenkins.engine.util.Json;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Incidents in the primary region's bucket, one folder each: {@code incidents/<id>/incident.json} (the state) and,
 * once resolved, {@code incidents/<id>/postmortem.md} (the draft). Every change is a whole-object write, so a reader
 * sees the state before or after it, never half of it; escalation timers live here, not in a process, so they
 * survive a restart of {@code dr watch} and an acknowledgement from another machine stops them.
 *
 * <p>Writes are conditional, as the failover lease's are: a new incident with {@code If-None-Match: *}, a change with
 * {@code If-Match} on the ETag the record was read with. A watcher escalating and a person acknowledging at the same
 * moment therefore never overwrite each other: the second write gets {@link ConflictException}, and the engine
 * reloads and applies its change again to what the other one wrote.
 */
public final class IncidentStore {

    public static final String PREFIX = "incidents/";
    private static final String STATE = "incident.json";
    private static final String CONTENT_TYPE = "application/json";

    /** Another process changed (or created) the incident since this copy was read: reload it and apply again. */
    public static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictException(String id) {
            super("incident " + id + " was changed by someone else since it was read");
        }
    }

    private final ObjectStore bucket;

    public IncidentStore(ObjectStore bucket) {
        this.bucket = bucket;
    }

    public static String stateKey(String id) {
        return PREFIX + id + "/" + STATE;
    }

    public static String postMortemKey(String id) {
        return PREFIX + id + "/postmortem.md";
    }

    /**
     * Writes the record if nobody wrote it since it was read (or, for a new one, if it does not exist yet), and keeps
     * the new ETag in the record for its next save.
     *
     * @throws ConflictException when someone else wrote it in between
     */
    public void save(IncidentRecord record) {
        byte[] content = Json.toBytes(record);
        String key = stateKey(record.id());
        if (!(bucket instanceof S3ObjectStore s3)) {
            // Only the S3 store has conditional writes; any other store keeps the last write.
            bucket.putBytes(key, content, CONTENT_TYPE);
            return;
        }
        Optional<String> expected = record.etag();
        // Length and digest given, as S3ObjectStore.putBytes does: without them the SDK streams a chunked, trailing
        // checksum body that the local store answers a second later.
        String sha256 = Base64.getEncoder().encodeToString(sha256(content));
        try {
            String etag = s3.client().putObject(b -> {
                b.bucket(s3.bucket()).key(key).contentType(CONTENT_TYPE).contentLength((long) content.length).checksumSHA256(sha256);
                expected.ifPresentOrElse(b::ifMatch, () -> b.ifNoneMatch("*"));
            }, RequestBody.fromBytes(content)).eTag();
            record.etag(etag);
        } catch (AwsServiceException e) {
            // 412 PreconditionFailed; 409 ConditionalRequestConflict when two conditional writes race on AWS.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new ConflictException(record.id());
            }
            throw failed(key, "storing the incident failed", e);
        } catch (SdkException e) {
            throw failed(key, "storing the incident failed", e);
        }
    }

    public Optional<IncidentRecord> load(String id) {
        if (!id.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        return read(stateKey(id));
    }

    /** Every incident, oldest first (ids start with their opening time). */
    public List<IncidentRecord> all() {
        List<IncidentRecord> records = new ArrayList<>();
        for (ObjectInfo object : bucket.list(PREFIX)) {
            if (object.key().endsWith("/" + STATE)) {
                read(object.key()).ifPresent(records::add);
            }
        }
        return records;
    }

    public List<IncidentRecord> unresolved() {
        return all().stream().filter(r -> !r.resolved()).toList();
    }

    public void savePostMortem(String id, String markdown) {
        bucket.putBytes(postMortemKey(id), markdown.getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
    }

    public Optional<String> postMortem(String id) {
        return bucket.getBytes(postMortemKey(id)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private Optional<IncidentRecord> read(String key) {
        if (!(bucket instanceof S3ObjectStore s3)) {
            return bucket.getBytes(key).map(bytes -> Json.fromBytes(bytes, IncidentRecord.class, key));
        }
        S3Client client = s3.client();
        ResponseBytes<GetObjectResponse> object;
        try {
            object = client.getObjectAsBytes(b -> b.bucket(s3.bucket()).key(key));
        } catch (SdkException e) {
            if (e instanceof NoSuchKeyException || (e instanceof AwsServiceException service && service.statusCode() == 404
                    && !(e instanceof NoSuchBucketException))) {
                // Listed a moment ago, deleted since, or never there.
                return Optional.empty();
            }
            throw failed(key, "reading the incident failed", e);
        }
        IncidentRecord record = Json.fromBytes(object.asByteArray(), IncidentRecord.class, key);
        record.etag(object.response().eTag());
        return Optional.of(record);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private StoreException failed(String key, String what, SdkException e) {
        return new StoreException(bucket.bucket() + "/" + key + ": " + what + " (" + e.getMessage() + ")", e);
    }
}
