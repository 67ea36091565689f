package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.incident.PagerDutyWebhook;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * {@code dr incident listen}: the real command serving PagerDuty's webhook on 127.0.0.1, a real HTTP client posting
 * signed and badly signed Webhooks v3 deliveries, the incident state in a real (local) S3 bucket.
 */
public class IncidentListenCommandTest {

    private static final String SECRET = "whsec-listen-0123456789abcdef";
    private static LocalS3Server s3;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path file;
    private Path secretFile;

    @BeforeClass
    public static void startStore() {
        s3 = LocalS3Server.start();
        System.setProperty("aws.accessKeyId", s3.accessKeyId());
        System.setProperty("aws.secretAccessKey", s3.secretAccessKey());
        try (ObjectStore store = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "inc-listen", s3.endpoint()), s3.credentials())) {
            store.createBucketIfMissing();
        }
    }

    @AfterClass
    public static void stopStore() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3.close();
    }

    @Before
    public void plan() throws Exception {
        file = temp.getRoot().toPath().resolve("dr.yaml");
        Files.writeString(file, """
                regions:
                  - { name: us-east-1, role: primary, bucket: inc-listen, endpoint: "%s" }
                  - { name: eu-west-1, role: secondary, bucket: inc-listen-b, endpoint: "%s" }
                """.formatted(s3.endpoint(), s3.endpoint()));
        secretFile = temp.newFile("pagerduty-secret").toPath();
        Files.writeString(secretFile, SECRET + "\n");
    }

    @Test
    public void aSignedAcknowledgementPostedToTheListenerAcknowledgesTheIncidentAndABadlySignedOneIsRefused() throws Exception {
        StringWriter opened = new StringWriter();
        assertThat(run(opened, "incident", "open", "-c", file.toString(), "--description", "nightly backup failed")).isZero();
        Matcher id = Pattern.compile("(INC-\\S+)").matcher(opened.toString());
        assertThat(id.find()).isTrue();
        String incident = id.group(1);

        StringWriter served = new StringWriter();
        Thread listening = new Thread(() -> run(served, "incident", "listen", "-c", file.toString(), "--port", "0", "--secret-file",
                secretFile.toString(), "--max-wait", "5m"), "dr incident listen");
        listening.start();
        try {
            URI endpoint = awaitListening(served);
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            assertThat(endpoint.getPath()).isEqualTo("/dr-pagerduty/");
            byte[] ack = ("{\"event\":{\"id\":\"01DEN3D0W1V8CJPHL5V3NQ0U3G\",\"event_type\":\"incident.acknowledged\","
                    + "\"resource_type\":\"incident\",\"occurred_at\":\"2026-01-06T14:37:12.000Z\",\"agent\":{\"id\":\"PLH1HKV\","
                    + "\"summary\":\"Alice\",\"type\":\"user_reference\"},\"data\":{\"id\":\"PGR0VU2\",\"type\":\"incident\","
                    + "\"status\":\"acknowledged\",\"incident_key\":\"" + incident + "\"}}}").getBytes(StandardCharsets.UTF_8);

            HttpResponse<String> forged = post(endpoint, ack, PagerDutyWebhook.sign("not-the-secret", ack));
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.body()).contains("X-PagerDuty-Signature does not match").doesNotContain(SECRET);
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).contains("POST");
            assertThat(status(incident)).contains("not acknowledged");

            HttpResponse<String> signed = post(endpoint, ack, PagerDutyWebhook.sign(SECRET, ack));

            assertThat(signed.statusCode()).isEqualTo(200);
            assertThat(signed.body().strip()).isEqualTo("incident " + incident + " acknowledged by Alice (PagerDuty)");
            assertThat(status(incident)).contains("acknowledged by Alice (PagerDuty)");
        } finally {
            listening.interrupt();
            listening.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(listening.isAlive()).as("the listener stops when interrupted").isFalse();
    }

    @Test
    public void withoutASecretTheListenerRefusesToStartAndNamesTheVariable() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("incident", "listen", "-c", file.toString(), "--port", "0", "--secret-env", "DR_TEST_UNSET_WEBHOOK_SECRET");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--secret-env DR_TEST_UNSET_WEBHOOK_SECRET: the environment variable is not set");
    }

    private HttpResponse<String> post(URI endpoint, byte[] body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header(PagerDutyWebhook.SIGNATURE_HEADER, signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String status(String incident) {
        StringWriter out = new StringWriter();
        assertThat(run(out, "incident", "status", "-c", file.toString())).isZero();
        return out.toString().lines().filter(l -> l.startsWith(incident)).findFirst().orElse("");
    }

    /** The listener prints its address once it serves; bounded, so a listener that never starts fails the test. */
    private static URI awaitListening(StringWriter served) throws InterruptedException {
        Pattern line = Pattern.compile("listening for PagerDuty webhooks on (\\S+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = line.matcher(served.toString());
            if (m.find()) {
                return URI.create(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("dr incident listen did not start: " + served);
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
