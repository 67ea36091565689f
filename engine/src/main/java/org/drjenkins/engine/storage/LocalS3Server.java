package org.drjenkins.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3 protocol server in this JVM (S3Proxy): {@code dr serve-s3}, the demo and the tests use it as a region's
 * store. Objects live in a directory (one sub-directory per bucket) or, without one, in memory. Every start makes a
 * fresh random key pair, and requests must be signed with it (SigV2 or SigV4), as with a real store.
 *
 * <p>{@link #stop()} and {@link #restart()} keep the port, the directory, the keys and the blob store itself, so a
 * test can take the store away mid-upload and bring it back with everything it held (the in-memory store too).
 */
public final class LocalS3Server implements AutoCloseable {

    /** Jetty's graceful stop waits this long for requests in progress; a stopped store should go away promptly. */
    private static final long STOP_TIMEOUT_MILLIS = 1_000;
    private static final long START_TIMEOUT_MILLIS = 30_000;
    /**
     * S3Proxy reads a signed, non-chunked request body into memory up to this size (128 MiB by default) and refuses
     * bigger ones; our parts grow to 1 GiB for the largest objects ({@link PartSizes}).
     */
    private static final long MAX_NON_CHUNKED_REQUEST = PartSizes.MAX_PART_SIZE + 1024;
    private static final String KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final BlobStore blobStore;
    private final Path directory;
    private final String host;
    private final String accessKeyId;
    private final String secretAccessKey;
    private int port;
    private S3Proxy proxy;

    private LocalS3Server(BlobStore blobStore, Path directory, String host, int port) {
        this.blobStore = blobStore;
        this.directory = directory;
        this.host = host;
        this.port = port;
        SecureRandom random = new SecureRandom();
        this.accessKeyId = "DR" + randomString(random, KEY_ID_ALPHABET, 18);
        this.secretAccessKey = randomString(random, SECRET_ALPHABET, 40);
    }

    /** An in-memory store on 127.0.0.1 and a free port. */
    public static LocalS3Server start() {
        return start(null, "127.0.0.1", 0);
    }

    /**
     * Starts a store.
     *
     * @param directory where buckets live (created when missing), or null for an in-memory store
     * @param host      the address to listen on, e.g. {@code 127.0.0.1}
     * @param port      the port, or 0 for a free one
     */
    public static LocalS3Server start(Path directory, String host, int port) {
        BlobStore store;
        if (directory == null) {
            store = new TransientNio2BlobStore();
        } else {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the store directory " + directory + ": " + e.getMessage(),
                        e);
            }
            store = new FilesystemNio2BlobStore(directory.toAbsolutePath().toString());
        }
        LocalS3Server server = new LocalS3Server(store, directory, host, port);
        server.startProxy();
        return server;
    }

    /** Starts again after {@link #stop()}, on the same port, with the same directory, keys and content. */
    public synchronized void restart() {
        if (proxy == null) {
            startProxy();
        }
    }

    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // Jetty's graceful phase timed out on idle keep-alive connections; it closes them and stops anyway.
        } catch (Exception e) {
            throw new IllegalStateException("stopping the local S3 store on port " + port + " failed: " + e, e);
        } finally {
            proxy = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return proxy != null;
    }

    public URI endpoint() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    public int port() {
        return port;
    }

    /** Where buckets live, or null for the in-memory store. */
    public Path directory() {
        return directory;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    @Override
    public String toString() {
        return "LocalS3Server[" + endpoint() + (directory == null ? " in memory" : " in " + directory) + "]";
    }

    private synchronized void startProxy() {
        S3Proxy started = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                // The SDK sends headers S3Proxy does not know (e.g. x-amz-sdk-checksum-algorithm): accept them.
                .ignoreUnknownHeaders(true)
                .v4MaxNonChunkedRequestSize(MAX_NON_CHUNKED_REQUEST)
                .stopTimeout(STOP_TIMEOUT_MILLIS)
                .build();
        try {
            started.start();
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
            while (!"STARTED".equals(started.getState())) {
                if (System.currentTimeMillis() > deadline || "FAILED".equals(started.getState())) {
                    throw new IllegalStateException("the local S3 store did not start on " + host + ":" + port
                            + " (state " + started.getState() + ")");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(started);
            throw new IllegalStateException("interrupted while starting the local S3 store", e);
        } catch (IllegalStateException e) {
            stopQuietly(started);
            throw e;
        } catch (Exception e) {
            stopQuietly(started);
            throw new IllegalStateException("the local S3 store could not listen on " + host + ":" + port + ": "
                    + e.getMessage() + " (is the port in use?)", e);
        }
        port = started.getPort();
        proxy = started;
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // Already failing to start: the start error is the one to report.
        }
    }

    private static String randomString(SecureRandom random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
