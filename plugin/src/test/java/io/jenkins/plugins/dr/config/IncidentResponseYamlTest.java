package io.jenkins.plugins.dr.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dr.credentials.ChannelSecrets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.config.OncallReader;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.oncall.Rotation;
import org.drjenkins.engine.oncall.RotationCheck;
import org.junit.Test;

/**
 * The incident response part of the form ↔ dr.yaml mapping, and the rotation's check: what ConfigLoader reads from
 * the rendered plan is what the imported file said, no secret is ever written, and the rotation is judged by the
 * engine's OncallReader and RotationCheck with their own words.
 */
public class IncidentResponseYamlTest {
    static final String ROTATION = """
            oncall:
              zone: Europe/Berlin
              start: 2026-01-05T00:00
              people:
                - { name: Alice, email: alice@example.com }
                - { name: Bob }
                - { name: Carol }
                - { name: Dan }
                - { name: CTO }
                - { name: VP Engineering }
              primary: [Alice, Carol]
              secondary: [Bob, Dan]
              escalation: [CTO, VP Engineering]""";
    private static final Instant WEDNESDAY_OF_WEEK_1 = Instant.parse("2026-01-07T11:00:00Z");

    private static final String PLAN = """
            regions:
              - { name: us-east-1, role: primary, bucket: dr-use1 }
            notifications:
              service: ci-failure-agent
              pagerduty: { routingKeyEnv: DR_PAGERDUTY_ROUTING_KEY, endpoint: "http://127.0.0.1:8080" }
              opsgenie: { apiKeyEnv: DR_OPSGENIE_API_KEY, endpoint: "https://api.eu.opsgenie.com" }
              email:
                host: smtp.example.com
                port: 2525
                starttls: false
                usernameEnv: DR_SMTP_USER
                passwordEnv: DR_SMTP_PASSWORD
                from: dr@example.com
                stakeholders: [ status@example.com, support@example.com ]
                executives: [ cto@example.com ]
            incidents:
              detection: 45s
              severities: { backupFailed: critical, drillFailed: info }
              escalateAfter: { high: 10m, medium: 2h }
              customerEmailAfter: 10m
              executiveUpdateEvery: 30m
              postMortemWithin: 48h
              stakeholdersFrom: high
              executivesFrom: medium
            """ + ROTATION + "\n";

    @Test
    public void anImportedPlanRendersBackToTheSameRotationIncidentSettingsAndChannels() {
        PlanForm form = DrYaml.fromYaml(PLAN, "test");

        String rendered = DrYaml.render(form);

        DrConfig original = ConfigLoader.parse(PLAN, "original");
        DrConfig back = ConfigLoader.parse(rendered, "rendered");
        assertThat(back.incidents()).isEqualTo(original.incidents());
        assertThat(back.notifications().pagerDuty()).isEqualTo(original.notifications().pagerDuty());
        assertThat(back.notifications().opsgenie()).isEqualTo(original.notifications().opsgenie());
        // The login is a credential's: the import cannot know which, so it renders once the page keeps or picks one.
        assertThat(back.notifications().email()).usingRecursiveComparison().ignoringFields("usernameEnv", "passwordEnv")
                .isEqualTo(original.notifications().email());
        assertThat(back.notifications().email().passwordEnv()).isNull();
        PlanForm withLogin = new PlanForm(form.regions(), null, null, null, List.of(), List.of(), List.of(),
                form.notificationService(), List.of(), new IncidentResponseForm(form.incidentResponse().oncall(),
                        form.incidentResponse().incidents(), form.incidentResponse().pagerDuty(),
                        form.incidentResponse().opsgenie(), form.incidentResponse().email().withCredentialsId("smtp-login")));
        assertThat(ConfigLoader.parse(DrYaml.render(withLogin), "with login").notifications().email())
                .isEqualTo(original.notifications().email());
        assertThat(back.rotation()).isEqualTo(original.rotation());
        assertThat(back.rotation()).isPresent();
        // What the form shows: the text as typed, the severities one row each.
        assertThat(form.incidentResponse().incidents().getEscalateHigh()).isEqualTo("10m");
        assertThat(form.incidentResponse().incidents().getSeverities()).extracting(SeverityEntry::getEvent, SeverityEntry::getSeverity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("backupFailed", "critical"),
                        org.assertj.core.groups.Tuple.tuple("drillFailed", "info"));
        assertThat(form.incidentResponse().email().getStakeholders()).isEqualTo("status@example.com\nsupport@example.com");
        assertThat(form.incidentResponse().oncall()).startsWith("oncall:").contains("Alice");
        // The form's text renders to the same plan again: a second round trip changes nothing.
        assertThat(DrYaml.render(DrYaml.fromYaml(rendered, "again"))).isEqualTo(rendered);
    }

    @Test
    public void channelsNameTheirSecretsOnlyByTheVariablesTheStepFills() {
        EmailEntry email = new EmailEntry();
        email.setHost("smtp.example.com");
        email.setFrom("dr@example.com");
        email.setCredentialsId("smtp-login");
        email.setStakeholders("status@example.com");
        PlanForm form = new PlanForm(List.of(), null, null, null, List.of(), List.of(), List.of(), null, List.of(),
                new IncidentResponseForm(null, null, new PagerDutyEntry("pd-key"), new OpsgenieEntry("og-key"), email));

        String rendered = DrYaml.render(form);

        DrConfig plan = ConfigLoader.parse(rendered, "rendered");
        assertThat(plan.notifications().pagerDuty().routingKeyEnv()).isEqualTo(ChannelSecrets.PAGERDUTY_ROUTING_KEY);
        assertThat(plan.notifications().opsgenie().apiKeyEnv()).isEqualTo(ChannelSecrets.OPSGENIE_API_KEY);
        assertThat(plan.notifications().email().usernameEnv()).isEqualTo(ChannelSecrets.SMTP_USER);
        assertThat(plan.notifications().email().passwordEnv()).isEqualTo(ChannelSecrets.SMTP_PASSWORD);
        assertThat(plan.notifications().email().starttls()).isTrue();
        assertThat(plan.notifications().email().port()).isEqualTo(587);
        assertThat(rendered).doesNotContain("pd-key").doesNotContain("og-key").doesNotContain("smtp-login");
    }

    @Test
    public void aWebhooksAudiencesReachTheEnginesRouting() {
        WebhookEntry exec = new WebhookEntry("#exec", "slack", "exec-url");
        exec.setAudiences("executives, stakeholders");
        PlanForm form = new PlanForm(List.of(), null, null, null, List.of(), List.of(), List.of(), null, List.of(exec));

        DrConfig plan = ConfigLoader.parse(DrYaml.render(form), "rendered");

        assertThat(plan.notifications().webhooks()).singleElement().satisfies(hook -> assertThat(hook.audiences())
                .containsExactlyInAnyOrder(org.drjenkins.engine.notify.Audience.EXECUTIVES,
                        org.drjenkins.engine.notify.Audience.STAKEHOLDERS));
        assertThat(IncidentChecks.webhookAudiences("executives, bosses").kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(IncidentChecks.webhookAudiences("executives, bosses").message()).contains("\"bosses\" is not an audience");
    }

    @Test
    public void aGoodRotationShowsWhoIsOnCallNowAndAtTheNextHandover() {
        Check check = IncidentChecks.oncall(ROTATION, WEDNESDAY_OF_WEEK_1);

        assertThat(check.kind()).isEqualTo(Check.Kind.OK);
        assertThat(check.message()).isEqualTo("On call now, shift 1 until 2026-01-12 00:00 CET: primary Alice, secondary Bob,"
                + " escalation CTO. Next, shift 2 from 2026-01-12 00:00 CET: primary Carol, secondary Dan, escalation VP Engineering.");
        // Without the oncall: line the same rotation is read.
        assertThat(IncidentChecks.oncall(ROTATION.replace("oncall:\n", "").stripIndent(), WEDNESDAY_OF_WEEK_1)).isEqualTo(check);
    }

    @Test
    public void aRotationWithAGapOrADoubleBookingShowsTheEnginesRefusal() {
        String gap = ROTATION.replace("secondary: [Bob, Dan]", "secondary: [Bob, ~]");
        String twice = ROTATION.replace("secondary: [Bob, Dan]", "secondary: [Bob, Carol]");

        for (String rotation : List.of(gap, twice)) {
            Rotation parsed = OncallReader.parse(rotation, "test").orElseThrow();
            List<String> problems = RotationCheck.problems(parsed, WEDNESDAY_OF_WEEK_1);
            assertThat(problems).isNotEmpty();
            Check check = IncidentChecks.oncall(rotation, WEDNESDAY_OF_WEEK_1);
            assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
            assertThat(check.message()).isEqualTo("dr oncall --check refuses this rotation: " + String.join(" | ", problems));
        }
        assertThat(IncidentChecks.oncall(gap, WEDNESDAY_OF_WEEK_1).message()).contains("gap: nobody is on secondary in shift 2");
        assertThat(IncidentChecks.oncall(twice, WEDNESDAY_OF_WEEK_1).message()).contains("Carol is on both primary and secondary");
    }

    @Test
    public void aRotationNamingSomeoneUnknownShowsTheReadersFieldAndFix() {
        Check check = IncidentChecks.oncall(ROTATION.replace("[Alice, Carol]", "[Alice, Eve]"), WEDNESDAY_OF_WEEK_1);

        assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(check.message()).startsWith("1 problem: oncall.primary[1]: ").contains("\"Eve\" is not in oncall.people");
        // And ConfigLoader refuses the plan the form would render with the same words.
        PlanForm form = new PlanForm(List.of(), null, null, null, List.of(), List.of(), List.of(), null, List.of(),
                new IncidentResponseForm(ROTATION.replace("[Alice, Carol]", "[Alice, Eve]"), null, null, null, null));
        assertThat(ConfigLoader.problems(DrYaml.render(form))).extracting(Object::toString)
                .containsExactly(check.message().substring("1 problem: ".length()));
    }

    @Test
    public void incidentFieldsAreJudgedByTheEnginesReader() {
        assertThat(IncidentChecks.incidentField("executiveUpdateEvery", "15 minutes").kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(IncidentChecks.incidentField("executiveUpdateEvery", "15m").kind()).isEqualTo(Check.Kind.OK);
        assertThat(IncidentChecks.escalation("high", "-5m").message()).contains("is negative");
        assertThat(IncidentChecks.severity("backupFailed", "urgent").message()).contains("is not a severity");
        assertThat(IncidentChecks.channelEndpoint("pagerduty", "ftp://pager").kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(IncidentChecks.emailField("stakeholders", "status@example.com\nnot-an-address").message())
                .contains("\"not-an-address\" is not an email address");
        assertThat(IncidentChecks.emailField("port", "smtp").kind()).isEqualTo(Check.Kind.ERROR);
    }

    @Test
    public void theFormsSeveritiesAndEventDefaultsAreTheEngines() {
        assertThat(IncidentChecks.SEVERITIES).containsExactlyElementsOf(
                Arrays.stream(Severity.values()).map(Severity::yamlName).toList());
        for (IncidentEvent event : IncidentEvent.values()) {
            assertThat(IncidentChecks.severityName(event)).isEqualTo(event.planSeverity().yamlName());
        }
    }

    @Test
    public void mailersPlaceholderAdminAddressIsNoSender() {
        assertThat(MailerSmtp.address("address not configured yet <nobody@nowhere>")).isNull();
        assertThat(MailerSmtp.address("Jenkins <jenkins@example.com>")).isEqualTo("jenkins@example.com");
        assertThat(MailerSmtp.address("dr@example.com")).isEqualTo("dr@example.com");
    }
}
