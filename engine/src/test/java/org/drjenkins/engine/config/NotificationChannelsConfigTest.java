package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.drjenkins.engine.notify.Audience;
import org.drjenkins.engine.notify.ChannelSettings;
import org.junit.Test;

/** {@code notifications:} with PagerDuty, Opsgenie, email and per-webhook audiences, and the errors for each mistake. */
public class NotificationChannelsConfigTest {

    private static final String FULL = """
            components: {}
            notifications:
              service: ci-failure-agent
              webhooks:
                - { name: incidents, urlEnv: SLACK_INCIDENTS_URL }
                - { name: leadership, urlEnv: SLACK_EXEC_URL, audiences: [ executives, stakeholders ] }
              pagerduty: { routingKeyEnv: PAGERDUTY_ROUTING_KEY }
              opsgenie: { apiKeyEnv: OPSGENIE_API_KEY, endpoint: https://api.eu.opsgenie.com }
              email:
                host: smtp.example.com
                port: 587
                starttls: true
                usernameEnv: SMTP_USER
                passwordEnv: SMTP_PASSWORD
                from: dr@example.com
                stakeholders: [ status@example.com ]
                executives: [ cto@example.com, ceo@example.com ]
            """;

    @Test
    public void everyChannelIsReadWithItsSecretsNamedByEnvironmentVariable() {
        Notifications notifications = ConfigLoader.parse(FULL, "test").notifications();

        assertThat(notifications.webhooks()).extracting(WebhookTarget::name, WebhookTarget::audiences).containsExactly(
                org.assertj.core.groups.Tuple.tuple("incidents", Set.of(Audience.INCIDENTS)),
                org.assertj.core.groups.Tuple.tuple("leadership", Set.of(Audience.EXECUTIVES, Audience.STAKEHOLDERS)));
        assertThat(notifications.pagerDuty()).isEqualTo(new ChannelSettings.PagerDuty("PAGERDUTY_ROUTING_KEY", null));
        assertThat(notifications.opsgenie()).isEqualTo(new ChannelSettings.Opsgenie("OPSGENIE_API_KEY", URI.create("https://api.eu.opsgenie.com")));
        assertThat(notifications.email()).isEqualTo(new ChannelSettings.Email("smtp.example.com", 587, true, null, "SMTP_USER", "SMTP_PASSWORD",
                "dr@example.com", List.of("status@example.com"), List.of("cto@example.com", "ceo@example.com")));
        ChannelSettings channels = notifications.channels();
        assertThat(channels.service()).isEqualTo("ci-failure-agent");
        assertThat(channels.webhooks()).extracting(ChannelSettings.Hook::urlEnv).containsExactly("SLACK_INCIDENTS_URL", "SLACK_EXEC_URL");
    }

    @Test
    public void leftOutChannelsAreNullAndWebhooksDefaultToTheIncidentsChannel() {
        Notifications notifications = ConfigLoader.parse("components: {}\nnotifications: { webhooks: [ { urlEnv: HOOK } ] }\n", "test")
                .notifications();

        assertThat(notifications.pagerDuty()).isNull();
        assertThat(notifications.opsgenie()).isNull();
        assertThat(notifications.email()).isNull();
        assertThat(notifications.webhooks().get(0).audiences()).containsExactly(Audience.INCIDENTS);
    }

    @Test
    public void aMissingRoutingKeyEnvSaysWhichFieldToAdd() {
        assertThat(ConfigLoader.problems("notifications: { pagerduty: { endpoint: https://events.pagerduty.com } }\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("notifications.pagerduty");
                    assertThat(p.message()).contains("add routingKeyEnv: PAGERDUTY_ROUTING_KEY");
                });
    }

    @Test
    public void aSecretWrittenWhereItsVariableNameBelongsIsRefusedWithoutRepeatingIt() {
        List<ConfigProblem> problems = ConfigLoader.problems(
                "notifications: { pagerduty: { routingKeyEnv: 'R0ut1ngK3y-s3cr3t/x' }, opsgenie: { apiKeyEnv: 'eb24-35-92' } }\n");

        assertThat(problems).extracting(ConfigProblem::field).containsExactly("notifications.pagerduty.routingKeyEnv",
                "notifications.opsgenie.apiKeyEnv");
        assertThat(problems).allSatisfy(p -> assertThat(p.toString()).doesNotContain("R0ut1ngK3y").doesNotContain("eb24")
                .contains("environment variable"));
    }

    @Test
    public void anUnknownAudienceNamesTheOnesThatExist() {
        assertThat(ConfigLoader.problems("notifications: { webhooks: [ { urlEnv: HOOK, audiences: [ incidents, board ] } ] }\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("notifications.webhooks[0].audiences[1]");
                    assertThat(p.message()).isEqualTo("\"board\" is not an audience; use incidents, on-call, stakeholders, executives");
                });
    }

    @Test
    public void emailMistakesEachNameTheirFieldAndTheFix() {
        List<ConfigProblem> problems = ConfigLoader.problems("""
                notifications:
                  email: { port: 70000, starttls: maybe, passwordEnv: SMTP_PASSWORD, from: nobody, executives: [ cto ] }
                """);

        assertThat(problems).extracting(ConfigProblem::field).containsExactlyInAnyOrder("notifications.email", "notifications.email.port",
                "notifications.email.starttls", "notifications.email", "notifications.email.from", "notifications.email.executives[0]");
        assertThat(problems).extracting(ConfigProblem::message).anySatisfy(m -> assertThat(m).contains("add the SMTP server"))
                .anySatisfy(m -> assertThat(m).contains("70000 is not a TCP port"))
                .anySatisfy(m -> assertThat(m).contains("passwordEnv but no username"))
                .anySatisfy(m -> assertThat(m).contains("\"cto\" is not an email address"));
    }

    @Test
    public void aPasswordInTheFileIsRefusedAndNotRepeated() {
        List<ConfigProblem> problems = ConfigLoader.problems(
                "notifications: { email: { host: smtp.example.com, username: dr, password: Hunter2Secret, from: dr@example.com } }\n");

        assertThat(problems).isNotEmpty().allSatisfy(p -> {
            assertThat(p.field()).isEqualTo("notifications.email.password");
            assertThat(p.toString()).doesNotContain("Hunter2Secret");
        });
        assertThat(problems).extracting(ConfigProblem::message).anySatisfy(m -> assertThat(m).contains("passwordEnv: SMTP_PASSWORD"));
    }
}
