package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.storage.LocalS3Server;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * {@code dr watch --ack-listen}: the real watch command, its primary healthy by a tcp check against a real listening
 * server (the local S3 store the incidents live in), serving PagerDuty's webhook while it watches; a real HTTP client
 * posts signed and badly signed Webhooks v3 deliveries and the incident is read back from the bucket with
 * {@code dr incident status}.
 */
public class WatchAckListenCommandTest {

    private static final String SECRET = "whsec-watch-0123456789abcdef";
    private static LocalS3Server s3;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final PagerDutyDeliveries pagerDuty = new PagerDutyDeliveries();
    /** The watch's progress goes to System.err (stdout stays for --json): caught here to find the listener's address. */
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Path file;
    private Path secretFile;

    @BeforeClass
    public static void startStore() {
        s3 = CliStore.start("watch-ack", "watch-ack-b");
    }

    @AfterClass
    public static void stopStore() {
        CliStore.stop(s3);
    }

    @Before
    public void plan() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        URI store = s3.endpoint();
        file = temp.getRoot().toPath().resolve("dr.yaml");
        Files.writeString(file, """
                regions:
                  - name: us-east-1
                    role: primary
                    bucket: watch-ack
                    endpoint: "%s"
                    healthChecks: [ { tcp: "127.0.0.1:%d", timeout: 2s } ]
                  - { name: eu-west-1, role: secondary, bucket: watch-ack-b, endpoint: "%s" }
                """.formatted(s3.endpoint(), store.getPort(), s3.endpoint()));
        secretFile = temp.newFile("pagerduty-secret").toPath();
        Files.writeString(secretFile, SECRET + "\n");
    }

    @After
    public void restoreStderr() {
        System.setErr(originalErr);
        originalErr.print(stderr.toString(StandardCharsets.UTF_8)); // into the test's output file, for when it fails
    }

    @Test
    public void whileWatchingASignedAcknowledgementAcknowledgesTheIncidentABadlySignedOneIsRefusedAndTheListenerEndsWithTheWatch()
            throws Exception {
        StringWriter opened = new StringWriter();
        assertThat(run(opened, new StringWriter(), "incident", "open", "-c", file.toString(), "--description",
                "primary database unreachable")).isZero();
        Matcher id = Pattern.compile("(INC-\\S+)").matcher(opened.toString());
        assertThat(id.find()).isTrue();
        String incident = id.group(1);

        StringWriter watched = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread watching = new Thread(() -> exit.set(run(watched, new StringWriter(), "watch", "-c", file.toString(),
                "--interval", "200ms", "--threshold", "30s", "--max-wait", "12s", "--ack-listen", "0", "--ack-secret-file",
                secretFile.toString())), "dr watch");
        watching.start();
        URI endpoint;
        try {
            endpoint = PagerDutyDeliveries.awaitListening(() -> stderr.toString(StandardCharsets.UTF_8), "dr watch --ack-listen");
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            assertThat(endpoint.getPath()).isEqualTo("/dr-pagerduty/");
            byte[] ack = PagerDutyDeliveries.acknowledged(incident, "Bob");

            HttpResponse<String> forged = pagerDuty.postSigned(endpoint, ack, "not-the-secret");

            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.body()).contains("X-PagerDuty-Signature does not match").doesNotContain(SECRET);
            assertThat(status(incident)).contains("not acknowledged");

            HttpResponse<String> signed = pagerDuty.postSigned(endpoint, ack, SECRET);

            assertThat(signed.statusCode()).isEqualTo(200);
            assertThat(signed.body().strip()).isEqualTo("incident " + incident + " acknowledged by Bob (PagerDuty)");
            assertThat(status(incident)).contains("acknowledged by Bob (PagerDuty)");
        } finally {
            watching.join(Duration.ofSeconds(90).toMillis());
        }
        assertThat(watching.isAlive()).as("the watch ends at --max-wait").isFalse();
        assertThat(exit.get()).as(watched + stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(watched.toString()).contains("us-east-1 stayed healthy for 12s; nothing done");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
        URI closed = endpoint;
        assertThatThrownBy(() -> pagerDuty.postSigned(closed, PagerDutyDeliveries.acknowledged(incident, "Bob"), SECRET))
                .as("the listener is closed with the watch").isInstanceOf(IOException.class);
    }

    @Test
    public void badAckListenOptionsAreRefusedBeforeWatchingWithTheOptionAndTheFix() throws Exception {
        Path empty = temp.newFile("empty-secret").toPath();
        Path missing = temp.getRoot().toPath().resolve("no-such-secret");

        assertRefused("--ack-listen 70000: not a port; use 1 to 65535, or 0 for a free one",
                "--ack-listen", "70000", "--ack-secret-file", secretFile.toString());
        assertRefused("--ack-secret-env DR_TEST_UNSET_WEBHOOK_SECRET: the environment variable is not set; set it to the"
                + " signing secret PagerDuty showed for the webhook subscription, or use --ack-secret-file",
                "--ack-listen", "0", "--ack-secret-env", "DR_TEST_UNSET_WEBHOOK_SECRET");
        assertRefused("--ack-secret-file " + empty + ": the file is empty; put the webhook subscription's signing secret in it",
                "--ack-listen", "0", "--ack-secret-file", empty.toString());
        assertRefused("--ack-secret-file " + missing + ": cannot read it (NoSuchFileException); give a readable file",
                "--ack-listen", "0", "--ack-secret-file", missing.toString());
        assertRefused("--ack-secret-file: only used with --ack-listen PORT", "--ack-secret-file", secretFile.toString());
        assertRefused("--ack-secret-env: only used with --ack-listen PORT", "--ack-secret-env", "PD_SECRET");
        assertRefused("--ack-secret-env and --ack-secret-file: give one of them, not both", "--ack-listen", "0",
                "--ack-secret-env", "PD_SECRET", "--ack-secret-file", secretFile.toString());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertRefused("--ack-listen " + port + ": cannot listen on 127.0.0.1:" + port,
                    "--ack-listen", String.valueOf(port), "--ack-secret-file", secretFile.toString());
        }
    }

    /** Exit 2, the message on the command's stderr, and nothing watched: no outcome on stdout. */
    private void assertRefused(String message, String... ackOptions) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[ackOptions.length + 7];
        System.arraycopy(new String[] {"watch", "-c", file.toString(), "--interval", "200ms", "--max-wait", "30s"}, 0, args, 0, 7);
        System.arraycopy(ackOptions, 0, args, 7, ackOptions.length);

        int code = run(out, err, args);

        assertThat(code).as(String.join(" ", ackOptions) + ": " + err).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(out.toString()).as("refused before watching").isEmpty();
    }

    private String status(String incident) {
        StringWriter out = new StringWriter();
        assertThat(run(out, new StringWriter(), "incident", "status", "-c", file.toString())).isZero();
        return out.toString().lines().filter(l -> l.startsWith(incident)).findFirst().orElse("");
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
