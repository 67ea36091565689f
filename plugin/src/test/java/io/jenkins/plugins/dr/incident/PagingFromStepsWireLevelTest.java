package io.jenkins.plugins.dr.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.config.PagerDutyEntry;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.Resources;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.incident.PagerDutyDeliveryBodies;
import org.drjenkins.engine.incident.PagerDutyWebhook;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The PagerDuty channel as the configuration page sets it up, exercised by steps on a real agent in a real Jenkins,
 * at the wire level: a local HTTP endpoint stands in for PagerDuty's Events API v2 (no PagerDuty server runs here),
 * records each event and answers 202. A step that is not a failover (a failed {@code drBackup}) pages with the routing
 * key of the page's credential, which never reaches the build log; an acknowledgement posted back to
 * {@code /dr-pagerduty/}, authenticated by the signing secret chosen on the page (no system property), acknowledges
 * the incident and is passed on to PagerDuty under the same dedup key.
 */
public class PagingFromStepsWireLevelTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    private static final String ROUTING_KEY = "R0utingKey-from-the-page-0123456";
    private static final String SIGNING_SECRET = "whsec-from-the-page-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private static LocalStore store;
    private static HttpServer pagerDuty;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeClass
    public static void jenkinsWithAPagerDutyChannel() throws Exception {
        pagerDuty = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pagerDuty.createContext("/v2/enqueue", exchange -> {
            try (exchange) {
                events.add(JSON.readTree(exchange.getRequestBody()));
                byte[] answer = "{\"status\":\"success\",\"message\":\"Event processed\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(202, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        pagerDuty.start();
        store = LocalStore.start("page-use1", "page-euw1");
        JenkinsPlan plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "page-use1");
        plan.region("eu-west-1", "secondary", "page-euw1");
        plan.component("nightly", "command").setCommand("echo partial; exit 3");
        DisasterRecoveryConfiguration configuration = plan.apply();
        SystemCredentialsProvider credentials = SystemCredentialsProvider.getInstance();
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "dr-pagerduty", "routing key",
                Secret.fromString(ROUTING_KEY)));
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "dr-pagerduty-webhook",
                "signing secret", Secret.fromString(SIGNING_SECRET)));
        credentials.save();
        configuration.setNotificationService("jenkins");
        PagerDutyEntry channel = new PagerDutyEntry("dr-pagerduty");
        channel.setEndpoint("http://127.0.0.1:" + pagerDuty.getAddress().getPort());
        channel.setWebhookSecretCredentialsId("dr-pagerduty-webhook");
        configuration.setPagerDuty(channel);
        configuration.save();
        System.clearProperty(PagerDutyWebhookAction.CREDENTIALS_PROPERTY);
        j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (pagerDuty != null) {
            pagerDuty.stop(0);
        }
        Resources.closeAll(store);
    }

    @Before
    public void noEventsYet() {
        events.clear();
    }

    @Test
    public void aFailedBackupStepPagesPagerDutyWithTheRoutingKeyOfThePagesCredentialNeverLoggingIt() throws Exception {
        WorkflowRun run = build("node('agent') { drBackup component: 'nightly' }", Result.FAILURE);

        JsonNode trigger = awaitEvent("trigger");
        assertThat(trigger.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(trigger.path("dedup_key").asText()).startsWith("INC-");
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("error");
        assertThat(trigger.path("payload").path("summary").asText()).contains("[INCIDENT] jenkins - backup of nightly failed");
        String log = j.getLog(run);
        assertThat(log).contains("drBackup: ").doesNotContain(ROUTING_KEY);
        assertThat(log).doesNotContain("PagerDuty routing key channel gets no notices");
    }

    @Test
    public void anAcknowledgementSignedWithThePagesWebhookSecretAcknowledgesTheIncidentAndTellsPagerDuty() throws Exception {
        WorkflowRun opened = build("node('agent') {\n"
                + "  def inc = drIncident action: 'open', description: 'verification failed', event: 'verificationFailed'\n"
                + "  echo \"opened ${inc.id}\"\n"
                + "}", Result.SUCCESS);
        String id = idIn(j.getLog(opened));
        assertThat(awaitEvent("trigger").path("dedup_key").asText()).isEqualTo(id);
        byte[] body = PagerDutyDeliveryBodies.acknowledged(id, "Bob Example");

        HttpResponse<String> answer = post(body, PagerDutyWebhook.sign(SIGNING_SECRET, body));
        HttpResponse<String> forged = post(body, PagerDutyWebhook.sign(ROUTING_KEY, body));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body().strip()).isEqualTo("incident " + id + " acknowledged by Bob Example (PagerDuty)");
        assertThat(forged.statusCode()).isEqualTo(401);
        JsonNode acknowledge = awaitEvent("acknowledge");
        assertThat(acknowledge.path("dedup_key").asText()).isEqualTo(id);
        assertThat(acknowledge.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
    }

    /** Events leave on the channel's own thread: wait for the one wanted, a bounded time. */
    private static JsonNode awaitEvent(String action) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode event : events) {
                if (action.equals(event.path("event_action").asText())) {
                    return event;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("PagerDuty received no " + action + " event within 60 s; it received " + events);
    }

    private static String idIn(String log) {
        Matcher m = Pattern.compile("opened (INC-\\S+)").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> post(byte[] body, String signature) throws Exception {
        URI endpoint = j.getURL().toURI().resolve(PagerDutyWebhookAction.URL_NAME + "/");
        return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header(PagerDutyWebhook.SIGNATURE_HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static WorkflowRun build(String script, Result expected) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, job.scheduleBuild2(0));
    }
}
