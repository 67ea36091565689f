package org.drjenkins.engine.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * One region's bucket, reached over the S3 protocol (AWS, or any S3-compatible store given by an endpoint).
 * CONTRACT (filled in by the storage work): every method retries transient errors (5xx, resets) with backoff and
 * throws {@link StoreException} with one clear line (bucket, key, cause; never a credential) when it gives up.
 */
public interface ObjectStore extends AutoCloseable {

    /** The region's name, for messages and manifests. */
    String regionName();

    String bucket();

    /**
     * Starts a multipart upload of unknown length. Bytes written are buffered into parts (part size grows with the
     * amount written so 10,000 parts are never exceeded), parts upload in parallel with a bounded number in flight, so
     * heap use does not depend on the object's size. The SHA-256 of every byte written is computed on the way.
     */
    UploadStream openUpload(String key);

    /** Stores a small object in one request, with a precomputed {@code x-amz-checksum-sha256}. */
    StoredObject putBytes(String key, byte[] content, String contentType);

    /** The whole object, or empty when it does not exist. */
    Optional<byte[]> getBytes(String key);

    /** Streams the object; the caller closes the stream. */
    InputStream open(String key);

    Optional<ObjectInfo> head(String key);

    /** Every object under the prefix (all pages), sorted by key. */
    List<ObjectInfo> list(String prefix);

    /** The "folders" directly under the prefix, e.g. {@code database/} gives {@code database/20260125T021500Z-3f9a/}. */
    List<String> listFolders(String prefix);

    void delete(String key);

    /**
     * Copies {@code key} of {@code source} to the same key here: a server-side copy when both are on the same endpoint,
     * streamed otherwise. Returns what was stored here.
     */
    ObjectInfo copyFrom(ObjectStore source, String key);

    /**
     * Every object under the prefix with its ETag (all pages), sorted by key. The default knows no ETags; a store that
     * lists them overrides it.
     */
    default List<ObjectVersion> listVersions(String prefix) {
        return list(prefix).stream().map(o -> new ObjectVersion(o.key(), o.size(), o.lastModified(), null)).toList();
    }

    /**
     * Copies {@code sourceKey} of {@code source} to {@code targetKey} here, server-side when the store can, and only
     * while the source still has ETag {@code ifEtag} (null: any version), so that an object changing during the copy
     * is refused instead of stored under the digest of its previous bytes. The default streams it.
     */
    default ObjectInfo copyObject(ObjectStore source, String sourceKey, String ifEtag, String targetKey) {
        try (InputStream in = source.open(sourceKey); UploadStream out = openUpload(targetKey)) {
            in.transferTo(out);
            out.complete();
        } catch (java.io.IOException e) {
            throw new StoreException(source.bucket() + "/" + sourceKey + ": reading the object to copy failed (" + e.getMessage() + ")", e);
        }
        return head(targetKey).orElseThrow(() -> new StoreException(bucket() + "/" + targetKey + ": copied object is missing right after the copy"));
    }

    /** Multipart uploads started under the prefix and neither completed nor aborted. */
    List<String> unfinishedUploads(String prefix);

    /**
     * Checks in one cheap, bounded request that the endpoint answers, the credentials are accepted and the bucket
     * exists, so that a backup fails in seconds with the real cause before its source starts.
     *
     * The default lists the bucket's top-level folders; {@link S3ObjectStore} asks for one key only.
     *
     * @throws StoreException naming what failed (refused connection, 403, NoSuchBucket …)
     */
    default void probe() {
        listFolders("");
    }

    /** Creates the bucket when it does not exist (the local store and tests; real buckets are made by their owners). */
    void createBucketIfMissing();

    @Override
    void close();
}
