package io.jenkins.plugins.dr.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The project's local S3 store, {@code dr serve-s3} from {@code cli/target/dr.jar}, as its own process on 127.0.0.1
 * and a free port. A separate JVM because S3Proxy's Jetty 12 (Servlet 6) cannot share a class path with the Jenkins
 * the harness runs (Servlet 5); and it is exactly what a user runs to try the plugin without AWS.
 */
public final class LocalStore implements AutoCloseable {
    private static final Pattern ENDPOINT = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern KEYS = Pattern.compile("AWS_ACCESS_KEY_ID=(\\S+) AWS_SECRET_ACCESS_KEY=(\\S+)");

    private final Process process;
    private final URI endpoint;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final Path directory;

    private LocalStore(Process process, URI endpoint, String accessKeyId, String secretAccessKey, Path directory) {
        this.process = process;
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.directory = directory;
    }

    /** Starts a store over a new temporary directory with these buckets, and waits until it serves. */
    public static LocalStore start(String... buckets) {
        try {
            Path directory = Files.createTempDirectory("dr-s3-");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-jar", drJar().toString(), "serve-s3", "--dir", directory.toString(), "--port", "0"));
            for (String bucket : buckets) {
                command.add("--bucket");
                command.add(bucket);
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            URI endpoint = null;
            String id = null;
            String secret = null;
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((endpoint == null || id == null) && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                seen.append(line).append('\n');
                Matcher e = ENDPOINT.matcher(line);
                if (endpoint == null && e.find()) {
                    endpoint = URI.create(e.group(1));
                }
                Matcher k = KEYS.matcher(line);
                if (k.find()) {
                    id = k.group(1);
                    secret = k.group(2);
                }
            }
            if (endpoint == null || id == null) {
                process.destroyForcibly();
                throw new IllegalStateException("dr serve-s3 did not start:\n" + seen);
            }
            // Keep draining its output so that the process never blocks on a full pipe.
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "dr-serve-s3-output");
            drain.setDaemon(true);
            drain.start();
            return new LocalStore(process, endpoint, id, secret, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code cli/target/dr.jar}, which the reactor builds before the plugin. */
    public static Path drJar() {
        Path jar = Path.of(System.getProperty("dr.jar", "../cli/target/dr.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B -pl cli -am package)");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    public Path directory() {
        return directory;
    }

    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        org.apache.commons.io.FileUtils.deleteQuietly(directory.toFile());
    }
}
