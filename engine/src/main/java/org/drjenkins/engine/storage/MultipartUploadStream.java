package org.drjenkins.engine.storage;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads a stream of unknown length as an S3 multipart upload.
 *
 * <p>Writes fill a part buffer; a full buffer goes to a small pool of workers while the next one fills. A semaphore
 * lets at most {@code partsInFlight} parts upload at once, so the writer blocks instead of buffering more: heap use is
 * about {@code (partsInFlight + 1) × part size} whatever the object's size. Part sizes grow with the part number
 * ({@link PartSizes}) so 10,000 parts reach past 5 TiB.
 *
 * <p>Integrity: the SHA-256 of every byte written is the digest returned by {@link #complete()} (the one manifests
 * record and {@code sha256sum} of the downloaded object prints). Each part carries its own precomputed
 * {@code x-amz-checksum-sha256}, which S3 and S3Proxy verify on arrival (a mismatch is a 400 BadDigest), so a part
 * corrupted on the way is refused rather than stored.
 *
 * <p>An object smaller than the first part never starts a multipart upload: {@link #complete()} sends it as one
 * PutObject carrying the whole object's SHA-256. Either way the object becomes visible only when complete returns.
 *
 * <p>Failure: when a part fails past the SDK's bounded retries, the next write or complete aborts the upload and
 * throws {@link StoreException}. {@link #close()} without {@link #complete()} aborts too, so nothing is left behind.
 */
public final class MultipartUploadStream extends UploadStream {

    private static final Logger LOG = LoggerFactory.getLogger(MultipartUploadStream.class);
    /** In-flight parts finish or fail within the SDK's timeouts; this only guards abort against a wedged worker. */
    private static final long WORKER_STOP_SECONDS = 300;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private enum State { OPEN, COMPLETED, ABORTED }

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final UploadSettings settings;
    private final MessageDigest digest = sha256();
    private final Semaphore slots;
    private final Queue<byte[]> spareBuffers = new ConcurrentLinkedQueue<>();
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private final AtomicReference<StoreException> failure = new AtomicReference<>();
    /** Set before in-flight parts are interrupted, so their interruption is not mistaken for a store failure. */
    private volatile boolean aborting;

    private ExecutorService workers;
    private String uploadId;
    private boolean uploadAbortedOnStore;
    private byte[] buffer;
    private int filled;
    private long written;
    private State state = State.OPEN;

    public MultipartUploadStream(S3Client s3, String bucket, String key, UploadSettings settings) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.settings = settings;
        this.slots = new Semaphore(settings.partsInFlight());
    }

    @Override
    public synchronized void write(int b) {
        ensureWritable();
        digest.update((byte) b);
        if (buffer == null) {
            buffer = takeBuffer(PartSizes.sizeOf(parts.size() + 1, settings.initialPartSize()));
        }
        buffer[filled++] = (byte) b;
        written++;
        if (filled == buffer.length) {
            submitPart();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureWritable();
        digest.update(bytes, offset, length);
        while (length > 0) {
            if (buffer == null) {
                buffer = takeBuffer(PartSizes.sizeOf(parts.size() + 1, settings.initialPartSize()));
            }
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            written += n;
            if (filled == buffer.length) {
                submitPart();
            }
        }
    }

    /** Parts can only be sent whole, so there is nothing to flush before {@link #complete()}. */
    @Override
    public void flush() {
    }

    @Override
    public synchronized StoredObject complete() {
        ensureWritable();
        String sha256Hex = HexFormat.of().formatHex(digest.digest());
        try {
            if (uploadId == null) {
                putWhole(sha256Hex);
            } else {
                if (filled > 0) {
                    submitPart();
                }
                List<CompletedPart> done = awaitParts();
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(done)));
            }
        } catch (SdkException e) {
            StoreException error = StoreErrors.failed(bucket, key, "completing the upload failed", e);
            abort();
            throw error;
        } catch (StoreException e) {
            abort();
            throw e;
        }
        state = State.COMPLETED;
        stopWorkers();
        buffer = null;
        spareBuffers.clear();
        return new StoredObject(key, written, sha256Hex);
    }

    @Override
    public synchronized void abort() {
        if (state == State.COMPLETED) {
            return;
        }
        state = State.ABORTED;
        aborting = true;
        buffer = null;
        // Parts still on the wire could land after the abort and leave stray parts behind: let them end first.
        stopWorkers();
        spareBuffers.clear();
        if (uploadId != null && !uploadAbortedOnStore) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
                uploadAbortedOnStore = true;
            } catch (NoSuchUploadException e) {
                uploadAbortedOnStore = true;
            } catch (RuntimeException e) {
                // The store is unreachable: abort() is called again later, or the lifecycle rule / retention sweep
                // removes the unfinished upload.
                LOG.warn("{}: aborting the unfinished upload failed ({}); it stays until aborted again",
                        StoreErrors.location(bucket, key), StoreErrors.cause(e));
            }
        }
    }

    /** Aborts unless {@link #complete()} succeeded. */
    @Override
    public void close() {
        abort();
    }

    @Override
    public synchronized long bytesWritten() {
        return written;
    }

    /** Parts sent or being sent so far (0 while everything still fits the first part). */
    public synchronized int partCount() {
        return parts.size();
    }

    /** The store's id of the multipart upload, or null while none was started. */
    public synchronized String uploadId() {
        return uploadId;
    }

    private void ensureWritable() {
        if (state == State.COMPLETED) {
            throw new IllegalStateException(StoreErrors.location(bucket, key) + ": upload already completed");
        }
        if (state == State.ABORTED) {
            StoreException cause = failure.get();
            throw cause != null ? cause
                    : new StoreException(StoreErrors.location(bucket, key) + ": upload was aborted");
        }
        rethrowPartFailure();
    }

    private void rethrowPartFailure() {
        StoreException error = failure.get();
        if (error != null) {
            abort();
            throw error;
        }
    }

    private void submitPart() {
        if (uploadId == null) {
            startUpload();
        }
        int partNumber = parts.size() + 1;
        if (partNumber > PartSizes.MAX_PARTS) {
            StoreException error = new StoreException(StoreErrors.location(bucket, key)
                    + ": object exceeds S3's 10,000 parts (more than 5 TiB)");
            abort();
            throw error;
        }
        byte[] data = buffer;
        int length = filled;
        buffer = null;
        filled = 0;
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            StoreException error = new StoreException(StoreErrors.location(bucket, key) + ": upload interrupted");
            abort();
            throw error;
        }
        if (failure.get() != null) {
            slots.release();
            rethrowPartFailure();
        }
        parts.add(workers.submit(() -> {
            try {
                return uploadPart(partNumber, data, length);
            } catch (RuntimeException e) {
                StoreException error = e instanceof StoreException se ? se
                        : StoreErrors.failed(bucket, key, "uploading part " + partNumber + " failed", e);
                if (!aborting) {
                    failure.compareAndSet(null, error);
                }
                throw error;
            } finally {
                spareBuffers.add(data);
                slots.release();
            }
        }));
    }

    private void startUpload() {
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                    .contentType("application/octet-stream")
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        } catch (SdkException e) {
            StoreException error = StoreErrors.failed(bucket, key, "starting the upload failed", e);
            abort();
            throw error;
        }
        workers = new ThreadPoolExecutor(settings.partsInFlight(), settings.partsInFlight(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "dr-upload-" + THREAD_IDS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private CompletedPart uploadPart(int partNumber, byte[] data, int length) {
        MessageDigest partDigest = sha256();
        partDigest.update(data, 0, length);
        String partSha256 = Base64.getEncoder().encodeToString(partDigest.digest());
        // A fresh stream over the same array per attempt: retries resend the part without copying it.
        RequestBody body = RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length),
                length, "application/octet-stream");
        UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(partNumber).contentLength((long) length).checksumSHA256(partSha256), body);
        return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).checksumSHA256(partSha256)
                .build();
    }

    private void putWhole(String sha256Hex) {
        byte[] data = buffer == null ? new byte[0] : buffer;
        int length = filled;
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/octet-stream")
                        .contentLength((long) length).checksumSHA256(checksum),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                        "application/octet-stream"));
    }

    private List<CompletedPart> awaitParts() {
        List<CompletedPart> done = new ArrayList<>(parts.size());
        for (Future<CompletedPart> part : parts) {
            try {
                done.add(part.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreErrors.location(bucket, key) + ": upload interrupted");
            } catch (ExecutionException e) {
                StoreException first = failure.get();
                throw first != null ? first
                        : StoreErrors.failed(bucket, key, "uploading a part failed", e.getCause());
            }
        }
        return done;
    }

    private byte[] takeBuffer(long size) {
        byte[] spare;
        while ((spare = spareBuffers.poll()) != null) {
            if (spare.length == size) {
                return spare;
            }
        }
        return new byte[Math.toIntExact(size)];
    }

    private void stopWorkers() {
        if (workers == null) {
            return;
        }
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(WORKER_STOP_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{}: part uploads did not stop in {} s", StoreErrors.location(bucket, key),
                        WORKER_STOP_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
