package org.drjenkins.engine.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The project's S3 server ({@link LocalS3Server}) in a JVM of its own, started from this test class path, so a test can
 * freeze it with SIGSTOP (its sockets stay open and silent, like a hung store) and thaw it with SIGCONT.
 */
public final class StoreProcess implements AutoCloseable {

    private final Process process;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;

    private StoreProcess(Process process, URI endpoint, AwsCredentialsProvider credentials) {
        this.process = process;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /** Starts a store keeping its objects in {@code directory}, with these buckets, and waits until it serves. */
    public static StoreProcess start(Path directory, String... buckets) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                StoreProcess.class.getName(), directory.toString()));
        command.addAll(List.of(buckets));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("serving ")) {
                    String[] parts = line.split(" ");
                    Thread drain = new Thread(() -> drain(out), "store-process-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new StoreProcess(process, URI.create(parts[1]),
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(parts[2], parts[3])));
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the store process did not start:\n" + seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store process: serves until its standard input closes or it is killed. */
    public static void main(String[] args) throws Exception {
        LocalS3Server server = LocalS3Server.start(Path.of(args[0]), "127.0.0.1", 0);
        for (int i = 1; i < args.length; i++) {
            try (ObjectStore store = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, args[i], server.endpoint()),
                    server.credentials())) {
                store.createBucketIfMissing();
            }
        }
        System.out.println("serving " + server.endpoint() + " " + server.accessKeyId() + " " + server.secretAccessKey());
        System.out.flush();
        // The parent's end of the pipe closes when it dies: do not outlive it.
        while (System.in.read() >= 0) {
            // keep serving
        }
        server.close();
        System.exit(0);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGSTOP: the process stops answering, its sockets stay open. */
    public void freeze() {
        signal("-STOP");
    }

    /** SIGCONT: it answers again, with everything it held. */
    public void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        thaw(); // a stopped process does not act on SIGTERM until it runs again
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
