package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.storage.LocalS3Server;
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

    private final PagerDutyDeliveries pagerDuty = new PagerDutyDeliveries();
    private Path file;
    private Path secretFile;

    @BeforeClass
    public static void startStore() {
        s3 = CliStore.start("inc-listen");
    }

    @AfterClass
    public static void stopStore() {
        CliStore.stop(s3);
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
            URI endpoint = PagerDutyDeliveries.awaitListening(served::toString, "dr incident listen");
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            assertThat(endpoint.getPath()).isEqualTo("/dr-pagerduty/");
            byte[] ack = PagerDutyDeliveries.acknowledged(incident, "Alice");

            HttpResponse<String> forged = pagerDuty.postSigned(endpoint, ack, "not-the-secret");
            HttpResponse<String> get = pagerDuty.get(endpoint);
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.body()).contains("X-PagerDuty-Signature does not match").doesNotContain(SECRET);
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).contains("POST");
            assertThat(status(incident)).contains("not acknowledged");

            HttpResponse<String> signed = pagerDuty.postSigned(endpoint, ack, SECRET);

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

    private String status(String incident) {
        StringWriter out = new StringWriter();
        assertThat(run(out, "incident", "status", "-c", file.toString())).isZero();
        return out.toString().lines().filter(l -> l.startsWith(incident)).findFirst().orElse("");
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
