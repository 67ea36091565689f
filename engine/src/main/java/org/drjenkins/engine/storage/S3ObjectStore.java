package org.drjenkins.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} over the AWS SDK's synchronous S3 client. Built by {@link StoreConnector}, which sets bounded
 * retries and timeouts on the client, so every call here ends (or throws {@link StoreException}) in bounded time.
 */
public final class S3ObjectStore implements ObjectStore {

    /** CopyObject copies at most 5 GiB in one request; larger objects are copied part by part (UploadPartCopy). */
    static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    private static final long COPY_PART_SIZE = 512L * 1024 * 1024;

    private final S3Client s3;
    private final String regionName;
    private final String bucket;
    private final URI endpoint;
    private final String accessKeyId;
    private final UploadSettings uploadSettings;
    private final Duration probeTimeout;
    private final AutoCloseable http;
    private long maxSingleCopy = MAX_SINGLE_COPY;
    private long copyPartSize = COPY_PART_SIZE;

    /**
     * @param endpoint    the S3-compatible endpoint, or null for AWS; with {@code accessKeyId}, decides whether a copy
     *                    from another store can run server-side
     * @param accessKeyId the access key id the client signs with (not a secret); null when unknown
     */
    public S3ObjectStore(S3Client s3, String regionName, String bucket, URI endpoint, String accessKeyId,
                         UploadSettings uploadSettings) {
        this(s3, regionName, bucket, endpoint, accessKeyId, uploadSettings, StoreTimeouts.DEFAULT.probe(), null);
    }

    /** @param http the HTTP client behind {@code s3} when the caller built it (closed with the store), or null */
    S3ObjectStore(S3Client s3, String regionName, String bucket, URI endpoint, String accessKeyId,
                  UploadSettings uploadSettings, Duration probeTimeout, AutoCloseable http) {
        this.probeTimeout = Objects.requireNonNull(probeTimeout, "probeTimeout");
        this.http = http;
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.regionName = Objects.requireNonNull(regionName, "regionName");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.uploadSettings = Objects.requireNonNull(uploadSettings, "uploadSettings");
    }

    @Override
    public String regionName() {
        return regionName;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** The S3-compatible endpoint, or null for AWS. */
    public URI endpoint() {
        return endpoint;
    }

    /** The client, for callers that need an S3 operation this interface does not offer. */
    public S3Client client() {
        return s3;
    }

    @Override
    public MultipartUploadStream openUpload(String key) {
        return new MultipartUploadStream(s3, bucket, key, uploadSettings);
    }

    @Override
    public StoredObject putBytes(String key, byte[] content, String contentType) {
        byte[] sha256 = sha256(content);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                            .contentLength((long) content.length)
                            .checksumSHA256(Base64.getEncoder().encodeToString(sha256)),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, key, "storing the object failed", e);
        }
        return new StoredObject(key, content.length, HexFormat.of().formatHex(sha256));
    }

    @Override
    public Optional<byte[]> getBytes(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(bytes.asByteArrayUnsafe());
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw StoreErrors.failed(bucket, key, "reading the object failed", e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            if (isNotFound(e)) {
                throw new StoreException(StoreErrors.location(bucket, key) + ": object not found");
            }
            throw StoreErrors.failed(bucket, key, "opening the object failed", e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified()));
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw StoreErrors.failed(bucket, key, "reading the object's metadata failed", e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        try {
            List<ObjectInfo> objects = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                objects.add(new ObjectInfo(object.key(), object.size(), object.lastModified()));
            }
            objects.sort(Comparator.comparing(ObjectInfo::key));
            return objects;
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, prefix, "listing failed", e);
        }
    }

    @Override
    public List<ObjectVersion> listVersions(String prefix) {
        try {
            List<ObjectVersion> objects = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String etag = object.eTag() == null ? null : object.eTag().replace("\"", "");
                objects.add(new ObjectVersion(object.key(), object.size(), object.lastModified(), etag));
            }
            objects.sort(Comparator.comparing(ObjectVersion::key));
            return objects;
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, prefix, "listing failed", e);
        }
    }

    @Override
    public ObjectInfo copyObject(ObjectStore source, String sourceKey, String ifEtag, String targetKey) {
        if (!(source instanceof S3ObjectStore s3Source && sameEndpointAndCredentials(s3Source))) {
            return ObjectStore.super.copyObject(source, sourceKey, ifEtag, targetKey);
        }
        try {
            long size = s3.headObject(b -> b.bucket(s3Source.bucket).key(sourceKey)).contentLength();
            if (size > maxSingleCopy) {
                return ObjectStore.super.copyObject(source, sourceKey, ifEtag, targetKey);
            }
            s3.copyObject(b -> {
                b.sourceBucket(s3Source.bucket).sourceKey(sourceKey).destinationBucket(bucket).destinationKey(targetKey);
                if (ifEtag != null) {
                    b.copySourceIfMatch("\"" + ifEtag + "\"");
                }
            });
        } catch (SdkException e) {
            if (isNotFound(e)) {
                throw new StoreException(StoreErrors.location(s3Source.bucket, sourceKey) + ": object to copy not found");
            }
            if (e instanceof AwsServiceException service && service.statusCode() == 412) {
                throw new StoreException(StoreErrors.location(s3Source.bucket, sourceKey) + ": changed while it was copied"
                        + " (ETag is no longer " + ifEtag + "); the next run copies its new version");
            }
            throw StoreErrors.failed(bucket, targetKey, "copying from " + StoreErrors.location(s3Source.bucket, sourceKey)
                    + " failed", e);
        }
        return head(targetKey).orElseThrow(() -> new StoreException(StoreErrors.location(bucket, targetKey)
                + ": copied object is missing right after the copy"));
    }

    @Override
    public List<String> listFolders(String prefix) {
        try {
            List<String> folders = new ArrayList<>();
            for (CommonPrefix folder : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
                    .commonPrefixes()) {
                folders.add(folder.prefix());
            }
            folders.sort(Comparator.naturalOrder());
            return folders;
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, prefix, "listing folders failed", e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, key, "deleting the object failed", e);
        }
    }

    @Override
    public ObjectInfo copyFrom(ObjectStore source, String key) {
        if (source instanceof S3ObjectStore s3Source && sameEndpointAndCredentials(s3Source)) {
            copyServerSide(s3Source, key);
        } else {
            copyStreamed(source, key);
        }
        return head(key).orElseThrow(() -> new StoreException(StoreErrors.location(bucket, key)
                + ": copied object is missing right after the copy"));
    }

    @Override
    public List<String> unfinishedUploads(String prefix) {
        try {
            List<String> keys = new ArrayList<>();
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix))
                    .uploads()) {
                keys.add(upload.key());
            }
            keys.sort(Comparator.naturalOrder());
            return keys;
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, prefix, "listing unfinished uploads failed", e);
        }
    }

    /**
     * Aborts every unfinished multipart upload under the prefix (what a failed run could not abort itself, e.g. when
     * the store was down). Returns how many were aborted.
     */
    public int abortUnfinishedUploads(String prefix) {
        int aborted = 0;
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix))
                    .uploads()) {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                aborted++;
            }
            return aborted;
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, prefix, "aborting unfinished uploads failed", e);
        }
    }

    @Override
    public void createBucketIfMissing() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (SdkException e) {
            if (!(e instanceof NoSuchBucketException
                    || e instanceof AwsServiceException service && service.statusCode() == 404)) {
                throw StoreErrors.failed(bucket, null, "checking the bucket failed", e);
            }
        }
        try {
            // AWS wants the region as location constraint everywhere but us-east-1; other stores ignore or refuse it.
            if (endpoint == null && !"us-east-1".equals(regionName)) {
                s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(regionName)));
            } else {
                s3.createBucket(b -> b.bucket(bucket));
            }
        } catch (BucketAlreadyOwnedByYouException e) {
            // Created meanwhile by another run: what we wanted.
        } catch (IllegalArgumentException e) {
            // The SDK checks the name before sending anything, e.g. "Bucket name should be between 3 and 63 ...".
            throw new StoreException(StoreErrors.location(bucket, null) + ": invalid bucket name ("
                    + e.getMessage() + "): fix the region's bucket name", e);
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, null, "creating the bucket failed", e);
        }
    }

    /**
     * One cheap request that needs the endpoint, the credentials and the bucket: a one-key listing (the permission the
     * catalog and retention need anyway). Not retried past the client's attempts and bounded by its own short timeout.
     */
    @Override
    public void probe() {
        try {
            s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(1)
                    .overrideConfiguration(o -> o.apiCallTimeout(probeTimeout).apiCallAttemptTimeout(probeTimeout)));
        } catch (SdkException e) {
            throw StoreErrors.failed(bucket, null, "the store check failed"
                    + (endpoint == null ? " (AWS S3, region " + regionName + ")" : " (endpoint " + endpoint + ")"), e);
        }
    }

    @Override
    public void close() {
        s3.close();
        if (http != null) {
            try {
                http.close();
            } catch (Exception e) {
                // nothing is left to release that matters: the store is closed
            }
        }
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + regionName + " s3://" + bucket + (endpoint == null ? "" : " at " + endpoint) + "]";
    }

    /** Tests lower the single-copy limit to exercise the part-by-part copy without 5 GiB objects. */
    void copyLimitsForTest(long maxSingleCopy, long copyPartSize) {
        this.maxSingleCopy = maxSingleCopy;
        this.copyPartSize = copyPartSize;
    }

    private boolean sameEndpointAndCredentials(S3ObjectStore other) {
        return Objects.equals(endpoint, other.endpoint) && accessKeyId != null
                && accessKeyId.equals(other.accessKeyId);
    }

    private void copyServerSide(S3ObjectStore source, String key) {
        try {
            // Asked through this client: a server-side copy needs nothing from the source's client.
            long size = s3.headObject(b -> b.bucket(source.bucket).key(key)).contentLength();
            if (size <= maxSingleCopy) {
                s3.copyObject(b -> b.sourceBucket(source.bucket).sourceKey(key)
                        .destinationBucket(bucket).destinationKey(key));
            } else {
                copyInParts(source.bucket, key, size);
            }
        } catch (SdkException e) {
            if (isNotFound(e)) {
                throw new StoreException(StoreErrors.location(source.bucket, key) + ": object to copy not found");
            }
            throw StoreErrors.failed(bucket, key, "copying from " + StoreErrors.location(source.bucket, key)
                    + " failed", e);
        }
    }

    private void copyInParts(String sourceBucket, String key, long size) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            long partSize = Math.max(copyPartSize, -Math.floorDiv(-size, PartSizes.MAX_PARTS));
            List<CompletedPart> parts = new ArrayList<>();
            for (long first = 0; first < size; first += partSize) {
                int partNumber = parts.size() + 1;
                String range = "bytes=" + first + "-" + (Math.min(first + partSize, size) - 1);
                String eTag = s3.uploadPartCopy(b -> b.sourceBucket(sourceBucket).sourceKey(key)
                        .destinationBucket(bucket).destinationKey(key).uploadId(uploadId)
                        .partNumber(partNumber).copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    private void copyStreamed(ObjectStore source, String key) {
        try (InputStream in = source.open(key); UploadStream out = openUpload(key)) {
            in.transferTo(out);
            out.complete();
        } catch (IOException e) {
            throw new StoreException(StoreErrors.location(source.bucket(), key) + ": reading the object to copy "
                    + "failed (" + StoreErrors.cause(e) + ")", e);
        } catch (SdkException e) {
            throw StoreErrors.failed(source.bucket(), key, "reading the object to copy failed", e);
        }
    }

    /** A missing key, but not a missing bucket: that is a configuration error to report, not an empty answer. */
    static boolean isNotFound(SdkException e) {
        if (e instanceof NoSuchBucketException) {
            return false;
        }
        return e instanceof NoSuchKeyException
                || (e instanceof AwsServiceException service && service.statusCode() == 404);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
