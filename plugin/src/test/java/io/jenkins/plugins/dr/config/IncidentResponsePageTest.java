package io.jenkins.plugins.dr.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import hudson.model.FreeStyleBuild;
import hudson.tasks.Mailer;
import hudson.tasks.SMTPAuthentication;
import hudson.util.Secret;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.dr.credentials.ChannelSecrets;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.model.JenkinsLocationConfiguration;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.IncidentMessage;
import org.drjenkins.engine.notify.IncidentStatus;
import org.drjenkins.engine.notify.Notice;
import org.drjenkins.engine.notify.NoticeAction;
import org.drjenkins.engine.notify.NoticeDelivery;
import org.drjenkins.engine.notify.NoticeDispatcher;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.progress.Progress;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * The incident response sections of the global configuration in a real Jenkins: the page renders the rotation, the
 * incident settings and the PagerDuty, Opsgenie, webhook and email channels, keeps them through a save and through
 * configuration as code, shows the engine's verdict on the rotation, never shows or exports a secret, and an email
 * channel configured there sends real mail (GreenMail on 127.0.0.1) with its credential, or with Mailer's server and
 * login when it names no host, through the engine's NoticeDispatcher as a step builds it.
 */
public class IncidentResponsePageTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        j.timeout = 1800;
    }
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    private static final String ADMIN = "admin";
    private static final String ROUTING_KEY = "R0uting-Key-Secret-0123456789ab";
    private static final String API_KEY = "0psgenie-Api-Key-Secret";
    private static final String SMTP_PASSWORD = "Sm7p-Pa55w0rd-Secret";
    private static final String WEBHOOK_URL = "https://hooks.slack.com/services/T000/B000/Webhook-Secret";
    private static final String SIGNING_SECRET = "whsec-Signing-Secret-0123";
    private static final List<String> SECRETS = List.of(ROUTING_KEY, API_KEY, SMTP_PASSWORD, WEBHOOK_URL, SIGNING_SECRET);
    private static final Instant WEDNESDAY_OF_WEEK_1 = Instant.parse("2026-01-07T11:00:00Z");

    private static GreenMail smtp;
    private static int smtpPort;

    @BeforeClass
    public static void securityCredentialsAndAnSmtpServer() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to(ADMIN));
        SystemCredentialsProvider credentials = SystemCredentialsProvider.getInstance();
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "dr-pagerduty", "pager",
                Secret.fromString(ROUTING_KEY)));
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "dr-pagerduty-webhook",
                "signing secret", Secret.fromString(SIGNING_SECRET)));
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "dr-opsgenie", "opsgenie",
                Secret.fromString(API_KEY)));
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "dr-exec-webhook", "exec",
                Secret.fromString(WEBHOOK_URL)));
        credentials.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "dr-smtp", "smtp",
                "dr-mailer", SMTP_PASSWORD));
        credentials.save();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            smtpPort = probe.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("dr@example.org", "dr-mailer", SMTP_PASSWORD);
        smtp.getManagers().getSmtpManager().getUserManager().setAuthRequired(true);
        smtp.start();
        JenkinsFacade.useClock(Clock.fixed(WEDNESDAY_OF_WEEK_1, ZoneOffset.UTC));
    }

    @AfterClass
    public static void stopTheSmtpServer() {
        JenkinsFacade.useClock(Clock.systemUTC());
        smtp.stop();
    }

    /** Every test starts from a plan with every incident response section filled in. */
    @Before
    public void fullIncidentResponse() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        configuration.setRegions(List.of(new RegionEntry("us-east-1", "primary", "dr-use1")));
        configuration.setNotificationService("ci-failure-agent");
        WebhookEntry exec = new WebhookEntry("#exec", "slack", "dr-exec-webhook");
        exec.setAudiences("executives");
        configuration.setWebhooks(List.of(exec));
        configuration.setOncall(IncidentResponseYamlTest.ROTATION);
        IncidentEntry incidents = new IncidentEntry();
        incidents.setSeverities(List.of(new SeverityEntry("backupFailed", "critical")));
        incidents.setEscalateHigh("10m");
        incidents.setCustomerEmailAfter("10m");
        incidents.setExecutiveUpdateEvery("30m");
        incidents.setStakeholdersFrom("high");
        configuration.setIncidents(incidents);
        PagerDutyEntry pagerDuty = new PagerDutyEntry("dr-pagerduty");
        pagerDuty.setEndpoint("http://127.0.0.1:9");
        pagerDuty.setWebhookSecretCredentialsId("dr-pagerduty-webhook");
        configuration.setPagerDuty(pagerDuty);
        configuration.setOpsgenie(new OpsgenieEntry("dr-opsgenie"));
        configuration.setEmail(email("127.0.0.1", "dr-smtp"));
        assertThat(ConfigLoader.problems(configuration.toYaml())).isEmpty();
    }

    @After
    public void noMailerServer() {
        Mailer.descriptor().setSmtpHost(null);
        Mailer.descriptor().setAuthentication(null);
    }

    private static EmailEntry email(String host, String credentialsId) {
        EmailEntry email = new EmailEntry();
        email.setHost(host);
        email.setPort(host == null ? null : Integer.toString(smtpPort));
        email.setStarttls(false);
        email.setFrom("dr@example.org");
        email.setCredentialsId(credentialsId);
        email.setStakeholders("status@example.org\nsupport@example.org");
        email.setExecutives("cto@example.org");
        return email;
    }

    @Test
    public void thePageShowsEverySectionWithItsValuesAndNoSecret() throws Exception {
        HtmlPage page = admin().goTo("configure");
        HtmlForm form = page.getFormByName("config");

        assertThat(form.getTextAreaByName("_.oncall").getText()).isEqualTo(IncidentResponseYamlTest.ROTATION);
        assertThat(form.getSelectByName("_.routingKeyCredentialsId").getSelectedOptions().get(0).getValueAttribute())
                .isEqualTo("dr-pagerduty");
        assertThat(form.getSelectByName("_.webhookSecretCredentialsId").getSelectedOptions().get(0).getValueAttribute())
                .isEqualTo("dr-pagerduty-webhook");
        assertThat(form.getSelectByName("_.apiKeyCredentialsId").getSelectedOptions().get(0).getValueAttribute())
                .isEqualTo("dr-opsgenie");
        assertThat(form.getSelectByName("_.credentialsId").getSelectedOptions().get(0).getValueAttribute())
                .isEqualTo("dr-smtp");
        assertThat(form.getInputByName("_.host").getValue()).isEqualTo("127.0.0.1");
        assertThat(form.getInputByName("_.escalateHigh").getValue()).isEqualTo("10m");
        assertThat(form.getInputByName("_.audiences").getValue()).isEqualTo("executives");
        assertThat(form.getSelectByName("_.event").getSelectedOptions().get(0).getValueAttribute()).isEqualTo("backupFailed");
        assertThat(form.getSelectByName("_.stakeholdersFrom").getSelectedOptions().get(0).getValueAttribute()).isEqualTo("high");
        String source = page.getWebResponse().getContentAsString();
        SECRETS.forEach(secret -> assertThat(source).doesNotContain(secret));
        String plan = DisasterRecoveryConfiguration.get().toYaml();
        String saved = savedXml();
        SECRETS.forEach(secret -> assertThat(plan).doesNotContain(secret));
        SECRETS.forEach(secret -> assertThat(saved).doesNotContain(secret));
    }

    @Test
    public void savingThePageUnchangedKeepsTheIncidentResponse() throws Exception {
        String before = savedXml();
        assertThat(before).contains("<webhookSecretCredentialsId>dr-pagerduty-webhook</webhookSecretCredentialsId>")
                .contains("<escalateHigh>10m</escalateHigh>").contains("Carol")
                .contains("<audiences>executives</audiences>");

        j.submit(admin().goTo("configure").getFormByName("config"));

        assertThat(savedXml()).isEqualTo(before);
        assertThat(new DisasterRecoveryConfiguration(new JenkinsFacade()).toYaml())
                .isEqualTo(DisasterRecoveryConfiguration.get().toYaml());
    }

    @Test
    public void untickingAChannelOnThePageRemovesIt() throws Exception {
        HtmlForm form = admin().goTo("configure").getFormByName("config");
        form.getInputByName("_.opsgenie").setChecked(false);

        j.submit(form);

        assertThat(DisasterRecoveryConfiguration.get().getOpsgenie()).isNull();
        assertThat(DisasterRecoveryConfiguration.get().getPagerDuty()).isNotNull();
        assertThat(DisasterRecoveryConfiguration.get().toYaml()).doesNotContain("opsgenie").contains("pagerduty");
    }

    @Test
    public void theRotationCheckShowsWhoIsOnCallOrTheEnginesRefusal() throws Exception {
        String good = check(IncidentResponseYamlTest.ROTATION);
        String twice = check(IncidentResponseYamlTest.ROTATION.replace("secondary: [Bob, Dan]", "secondary: [Bob, Carol]"));
        String unknown = check(IncidentResponseYamlTest.ROTATION.replace("[Alice, Carol]", "[Alice, Eve]"));

        assertThat(good).contains("On call now, shift 1 until 2026-01-12 00:00 CET: primary Alice, secondary Bob")
                .doesNotContain("error");
        assertThat(twice).contains("class=\"error\"").contains("dr oncall --check refuses this rotation")
                .contains("Carol is on both primary and secondary in shift 2");
        assertThat(unknown).contains("class=\"error\"").contains("oncall.primary[1]")
                .contains("is not in oncall.people");
    }

    @Test
    public void aRotationTheEngineCannotReadIsNotSaved() throws Exception {
        String before = savedXml();
        JenkinsRule.WebClient wc = admin();
        HtmlForm form = wc.goTo("configure").getFormByName("config");
        form.getTextAreaByName("_.oncall").setText(IncidentResponseYamlTest.ROTATION.replace("[Alice, Carol]", "[Alice, Eve]"));
        wc.setThrowExceptionOnFailingStatusCode(false);

        String answer = j.submit(form).getWebResponse().getContentAsString();

        assertThat(answer).contains("The Disaster Recovery plan was not saved").contains("oncall.primary[1]");
        assertThat(savedXml()).isEqualTo(before);
    }

    @Test
    public void configurationAsCodeExportsAndImportsTheIncidentResponseWithoutSecrets() throws Exception {
        String before = savedXml();
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String exported = Util.toYamlString(Util.getUnclassifiedRoot(context).get("disasterRecovery"));
        assertThat(exported).contains("routingKeyCredentialsId: \"dr-pagerduty\"")
                .contains("webhookSecretCredentialsId: \"dr-pagerduty-webhook\"").contains("credentialsId: \"dr-smtp\"")
                .contains("escalateHigh: \"10m\"").contains("Carol");
        SECRETS.forEach(secret -> assertThat(exported).doesNotContain(secret));

        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        configuration.setOncall(null);
        configuration.setIncidents(null);
        configuration.setPagerDuty(null);
        configuration.setOpsgenie(null);
        configuration.setEmail(null);
        configuration.setWebhooks(List.of());
        assertThat(savedXml()).isNotEqualTo(before);

        Path file = temp.newFile("jenkins.yaml").toPath();
        Files.writeString(file, "unclassified:\n  disasterRecovery:\n" + exported.lines()
                .map(line -> "    " + line).collect(Collectors.joining("\n")) + "\n", StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toString());

        assertThat(savedXml()).isEqualTo(before);
    }

    @Test
    public void theEmailChannelSendsRealMailWithItsCredential() throws Exception {
        List<String> log = send(DisasterRecoveryConfiguration.get());

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getSubject()).isEqualTo("[INCIDENT] ci-failure-agent - Primary region down");
        assertThat(received[0].getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("status@example.org", "support@example.org");
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("dr@example.org");
        SECRETS.forEach(secret -> assertThat(String.join("\n", log)).doesNotContain(secret));
    }

    @Test
    public void withoutAnSmtpHostTheMailerPluginsServerAndLoginAreUsed() throws Exception {
        Mailer.DescriptorImpl mailer = Mailer.descriptor();
        mailer.setSmtpHost("127.0.0.1");
        mailer.setSmtpPort(Integer.toString(smtpPort));
        mailer.setUseTls(false);
        mailer.setAuthentication(new SMTPAuthentication("dr-mailer", Secret.fromString(SMTP_PASSWORD)));
        JenkinsLocationConfiguration.get().setAdminAddress("Jenkins <jenkins@example.org>");
        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        EmailEntry withoutHost = email(null, null);
        withoutHost.setFrom(null);
        configuration.setEmail(withoutHost);

        DrConfig plan = ConfigLoader.parse(configuration.toYaml(), "global");
        assertThat(plan.notifications().email().host()).isEqualTo("127.0.0.1");
        assertThat(plan.notifications().email().port()).isEqualTo(smtpPort);
        assertThat(plan.notifications().email().from()).isEqualTo("jenkins@example.org");
        assertThat(plan.notifications().email().passwordEnv()).isEqualTo(ChannelSecrets.SMTP_PASSWORD);
        assertThat(configuration.toYaml()).doesNotContain(SMTP_PASSWORD);
        assertThat(configuration.getEmail().getHost()).as("Mailer's server is read on use, not copied").isNull();
        send(configuration);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getFrom()[0].toString()).isEqualTo("jenkins@example.org");
    }

    @Test
    public void aMissingCredentialLeavesTheChannelOutWithAWarningThatNamesOnlyItsId() throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject());
        List<String> warnings = new ArrayList<>();
        ChannelSecrets.Ids ids = new ChannelSecrets.Ids("no-such-key", "dr-smtp", null, null, null);

        Map<String, String> environment = ChannelSecrets.forRun("drIncident", build).environment(ids, warnings);

        assertThat(environment).isEmpty();
        assertThat(warnings).containsExactly(
                "drIncident: the PagerDuty routing key channel gets no notices: 'no-such-key' is not a secret text"
                        + " credential visible here; add one with this id under Manage Jenkins > Credentials or fix the id",
                "drIncident: the Opsgenie API key channel gets no notices: 'dr-smtp' is not a secret text"
                        + " credential visible here; add one with this id under Manage Jenkins > Credentials or fix the id");
    }

    /**
     * What a step does: resolves the channels' secrets as its build sees them, builds the engine's dispatcher from the
     * plan the configuration renders, and sends the customer email of an incident. Returns the progress log.
     */
    private static List<String> send(DisasterRecoveryConfiguration configuration) throws Exception {
        FreeStyleBuild build = j.buildAndAssertSuccess(j.createFreeStyleProject());
        List<String> warnings = new ArrayList<>();
        Map<String, String> environment = ChannelSecrets.forRun("drIncident", build)
                .environment(configuration.channelCredentials(), warnings);
        assertThat(warnings).isEmpty();
        assertThat(environment).containsEntry(ChannelSecrets.SMTP_USER, "dr-mailer")
                .containsEntry(ChannelSecrets.SMTP_PASSWORD, SMTP_PASSWORD);
        DrConfig plan = ConfigLoader.parse(configuration.toYaml(), "global");
        List<String> log = new CopyOnWriteArrayList<>();
        Progress progress = new Progress() {
            @Override
            public void phase(String description) {
                log.add(description);
            }

            @Override
            public void bytes(long done, long total) {
            }

            @Override
            public void info(String message) {
                log.add(message);
            }
        };
        try (NoticeDispatcher dispatcher = NoticeDispatcher.create(plan.notifications().channels(), environment, progress)) {
            IncidentMessage message = new IncidentMessage(plan.notifications().service(), "Primary region down",
                    Instant.parse("2026-01-07T10:30:00Z"), IncidentStatus.MITIGATING, "~120 users affected", null, List.of());
            dispatcher.send(new Notice("INC-1", NoticeAction.TRIGGER, Severity.CRITICAL, Audience.STAKEHOLDERS, message,
                    List.of(), false, Map.of()));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(60))).isTrue();
            List<NoticeDelivery> email = dispatcher.deliveries().stream().filter(d -> d.channel().equals("email")).toList();
            assertThat(email).singleElement().satisfies(d -> assertThat(d.ok()).as(d.line()).isTrue());
            log.addAll(dispatcher.log());
        }
        return log;
    }

    private static String check(String rotation) throws Exception {
        WebRequest request = new WebRequest(new URL(j.getURL(),
                "descriptorByName/io.jenkins.plugins.dr.DisasterRecoveryConfiguration/checkOncall"), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("value", rotation)));
        JenkinsRule.WebClient wc = admin();
        wc.addCrumb(request);
        return wc.loadWebResponse(request).getContentAsString();
    }

    private static JenkinsRule.WebClient admin() throws Exception {
        return j.createWebClient().login(ADMIN);
    }

    private static String savedXml() throws Exception {
        return Files.readString(j.jenkins.getRootDir().toPath()
                .resolve(DisasterRecoveryConfiguration.get().getId() + ".xml"), StandardCharsets.UTF_8);
    }
}
