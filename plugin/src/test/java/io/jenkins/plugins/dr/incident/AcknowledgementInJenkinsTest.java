package io.jenkins.plugins.dr.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Label;
import hudson.model.Result;
import hudson.security.csrf.DefaultCrumbIssuer;
import hudson.util.Secret;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.incident.IncidentRecord;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.incident.PagerDutyDeliveryBodies;
import org.drjenkins.engine.incident.PagerDutyWebhook;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * Acknowledging an incident from Jenkins, in a real Jenkins with a real agent, the incident state in the project's
 * local S3 store: the {@code drIncident} step (open, ack, status on the agent), and PagerDuty's webhook posted to
 * {@code /dr-pagerduty/} without a login or a crumb, signed with the subscription's secret from a Secret-text
 * credential, and badly signed.
 */
public class AcknowledgementInJenkinsTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    private static final String SECRET_ID = "pagerduty-webhook-secret";
    private static final String SECRET = "whsec-jenkins-0123456789abcdef";
    private static LocalStore store;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeClass
    public static void planStoreAgentAndSecurity() throws Exception {
        store = LocalStore.start("use1", "euw1");
        JenkinsPlan plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.region("eu-west-1", "secondary", "euw1");
        plan.component("configuration", "directory").setPath(j.jenkins.getRootDir().toPath().resolve("userContent").toString());
        plan.apply();
        SystemCredentialsProvider credentials = SystemCredentialsProvider.getInstance();
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, SECRET_ID, "PagerDuty webhook",
                Secret.fromString(SECRET)));
        credentials.save();
        // Anonymous may do nothing and crumbs are required: the endpoint must still take PagerDuty's signed POST.
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy().grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        j.jenkins.setCrumbIssuer(new DefaultCrumbIssuer(true));
        j.createOnlineSlave(Label.get("agent"));
        System.setProperty(PagerDutyWebhookAction.CREDENTIALS_PROPERTY, SECRET_ID);
    }

    @AfterClass
    public static void stopStore() throws Exception {
        System.clearProperty(PagerDutyWebhookAction.CREDENTIALS_PROPERTY);
        Resources.closeAll(store);
    }

    @After
    public void secretConfigured() {
        System.setProperty(PagerDutyWebhookAction.CREDENTIALS_PROPERTY, SECRET_ID);
    }

    @Test
    public void drIncidentOpensAcknowledgesAndShowsAnIncidentOnTheAgentRecordingWhoAcknowledged() throws Exception {
        WorkflowRun run = build("node('agent') {\n"
                + "  def inc = drIncident action: 'open', description: 'nightly backup failed', severity: 'high'\n"
                + "  echo \"opened ${inc.id} ${inc.severity} acknowledged=${inc.acknowledgedBy}\"\n"
                + "  def acked = drIncident action: 'ack', id: inc.id, by: 'alice'\n"
                + "  echo \"acked by ${acked.acknowledgedBy} next=${acked.nextEscalationAt}\"\n"
                + "  def open = drIncident action: 'status'\n"
                + "  echo \"unresolved ${open.incidents.collect { it.id + '=' + it.acknowledgedBy }}\"\n"
                + "}", Result.SUCCESS);

        String log = j.getLog(run);
        String id = incidentIn(log);
        assertThat(log).contains("opened " + id + " high acknowledged=null").contains("acked by alice next=null")
                .contains(id + "=alice").contains("[drIncident] " + id + " high INVESTIGATING, acknowledged by alice");
        IncidentRecord stored = stored(id);
        assertThat(stored.acknowledgedBy()).contains("alice");
        assertThat(stored.timeline()).anySatisfy(e -> assertThat(e.what()).startsWith("acknowledged by alice after"));
    }

    @Test
    public void drIncidentRefusesAnAckWithoutAnIdBeforeAnythingRuns() throws Exception {
        WorkflowRun run = build("node('agent') { drIncident action: 'ack' }", Result.FAILURE);

        assertThat(j.getLog(run)).contains("drIncident: action: 'ack' needs id: the incident")
                .doesNotContain("[drIncident] INC-");
    }

    @Test
    public void aSignedPagerDutyAcknowledgementPostedWithoutLoginOrCrumbAcknowledgesTheIncident() throws Exception {
        String id = openByStep();
        byte[] body = PagerDutyDeliveryBodies.acknowledged(id, "Bob Example");

        HttpResponse<String> answer = post(body, PagerDutyWebhook.sign(SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body().strip()).isEqualTo("incident " + id + " acknowledged by Bob Example (PagerDuty)");
        assertThat(stored(id).acknowledgedBy()).contains("Bob Example (PagerDuty)");
        assertThat(stored(id).nextEscalationAt()).isEmpty();
    }

    @Test
    public void aBadlySignedOrUnsignedDeliveryIsRefusedAndAcknowledgesNothing() throws Exception {
        String id = openByStep();
        byte[] body = PagerDutyDeliveryBodies.acknowledged(id, "Mallory");

        HttpResponse<String> forged = post(body, PagerDutyWebhook.sign("guessed-secret", body));
        HttpResponse<String> unsigned = post(body, null);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("X-PagerDuty-Signature does not match").doesNotContain(SECRET);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(stored(id).acknowledgedAt()).isEmpty();
    }

    @Test
    public void withoutAConfiguredSecretEveryDeliveryIsRefusedNamingTheSetting() throws Exception {
        System.clearProperty(PagerDutyWebhookAction.CREDENTIALS_PROPERTY);
        byte[] body = PagerDutyDeliveryBodies.acknowledged("INC-20260106T143000Z-ab12", "Bob");

        HttpResponse<String> answer = post(body, PagerDutyWebhook.sign(SECRET, body));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains(PagerDutyWebhookAction.CREDENTIALS_PROPERTY).contains("Secret-text credential");
    }

    private String openByStep() throws Exception {
        WorkflowRun run = build("node('agent') {\n"
                + "  def inc = drIncident action: 'open', description: 'verification failed', event: 'verificationFailed'\n"
                + "  echo \"opened ${inc.id}\"\n"
                + "}", Result.SUCCESS);
        return incidentIn(j.getLog(run));
    }

    private static String incidentIn(String log) {
        Matcher m = Pattern.compile("opened (INC-\\S+)").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return m.group(1);
    }

    private URI endpoint() throws Exception {
        return j.getURL().toURI().resolve(PagerDutyWebhookAction.URL_NAME + "/");
    }

    private HttpResponse<String> post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(PagerDutyWebhook.SIGNATURE_HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static IncidentRecord stored(String id) {
        try (ObjectStore bucket = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "use1", store.endpoint()),
                store.credentials())) {
            return new IncidentStore(bucket).load(id).orElseThrow();
        }
    }

    private static WorkflowRun build(String script, Result expected) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, job.scheduleBuild2(0));
    }
}
