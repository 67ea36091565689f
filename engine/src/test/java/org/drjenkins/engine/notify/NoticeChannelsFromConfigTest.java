package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * From dr.yaml's settings and an environment to a working dispatcher: local endpoints for Slack (token in the path) and
 * PagerDuty, secrets from the environment, and no secret in any delivery or log line.
 */
public class NoticeChannelsFromConfigTest {

    private static final String SLACK_TOKEN_PATH = "/services/T000/B000/XXXXsecrettoken";
    private static final String ROUTING_KEY = "R0ut1ngK3yS3cr3tR0ut1ngK3yS3cr3t";

    private LocalHttpEndpoint slack;
    private LocalHttpEndpoint pagerDuty;
    private final RecordingProgress progress = new RecordingProgress();

    @Before
    public void startEndpoints() throws Exception {
        slack = new LocalHttpEndpoint(r -> new LocalHttpEndpoint.Answer(r.path().endsWith("/broken") ? 500 : 200, "ok"));
        pagerDuty = new LocalHttpEndpoint(PagerDutyChannelWireTest::validate);
    }

    @After
    public void stopEndpoints() {
        slack.close();
        pagerDuty.close();
    }

    private ChannelSettings settings() {
        return new ChannelSettings("Jenkins", List.of(
                new ChannelSettings.Hook("incidents", null, "SLACK_INCIDENTS_URL", Webhook.Format.SLACK, null),
                new ChannelSettings.Hook("leadership", null, "SLACK_EXEC_URL", Webhook.Format.SLACK, Set.of(Audience.EXECUTIVES)),
                new ChannelSettings.Hook("unset", null, "NOT_SET_URL", Webhook.Format.SLACK, null)),
                new ChannelSettings.PagerDuty("PAGERDUTY_ROUTING_KEY", URI.create(pagerDuty.base())),
                new ChannelSettings.Opsgenie("OPSGENIE_API_KEY", null), null);
    }

    @Test
    public void channelsWhoseSecretIsSetAreBuiltAndTheOthersAreReportedByVariableName() {
        Map<String, String> env = Map.of("SLACK_INCIDENTS_URL", slack.base() + SLACK_TOKEN_PATH, "SLACK_EXEC_URL",
                slack.base() + "/exec" + SLACK_TOKEN_PATH, "PAGERDUTY_ROUTING_KEY", ROUTING_KEY);

        List<NoticeChannel> channels = NoticeChannels.resolve(settings(), env, Duration.ofSeconds(2), progress);

        assertThat(channels).extracting(NoticeChannel::name).containsExactly("incidents", "leadership", "pagerduty");
        assertThat(progress.lines).containsExactly(
                "webhook unset: environment variable NOT_SET_URL is not set; its notices are skipped",
                "opsgenie: environment variable OPSGENIE_API_KEY is not set; nobody is paged through Opsgenie");
        assertThat(channels.toString()).doesNotContain(ROUTING_KEY).doesNotContain("secrettoken");
    }

    @Test
    public void eachAudienceReachesItsChannelsAndNoSecretReachesADeliveryOrTheLog() throws Exception {
        Map<String, String> env = Map.of("SLACK_INCIDENTS_URL", slack.base() + SLACK_TOKEN_PATH + "/broken", "SLACK_EXEC_URL",
                slack.base() + "/exec" + SLACK_TOKEN_PATH, "PAGERDUTY_ROUTING_KEY", ROUTING_KEY);
        try (NoticeDispatcher dispatcher = new NoticeDispatcher(NoticeChannels.resolve(settings(), env, Duration.ofSeconds(2), progress),
                new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(300)), progress)) {

            dispatcher.send(Notices.trigger(Audience.INCIDENTS));
            dispatcher.send(Notices.trigger(Audience.EXECUTIVES));
            dispatcher.send(Notices.trigger(Audience.ON_CALL));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

            assertThat(dispatcher.deliveries()).extracting(NoticeDelivery::channel, NoticeDelivery::ok).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("incidents", false),
                    org.assertj.core.groups.Tuple.tuple("leadership", true),
                    org.assertj.core.groups.Tuple.tuple("pagerduty", true));
            assertThat(dispatcher.log()).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("secrettoken")
                    .doesNotContain("/services").doesNotContain(ROUTING_KEY));
        }
        assertThat(slack.requests).extracting(LocalHttpEndpoint.Request::path).contains("/exec" + SLACK_TOKEN_PATH);
        assertThat(slack.requests).filteredOn(r -> r.path().startsWith("/exec")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains("Title: [INCIDENT] Jenkins - Primary region down"));
        assertThat(pagerDuty.requests).singleElement().satisfies(r -> assertThat(PagerDutyChannelWireTest.problems(r)).isEmpty());
        assertThat(progress.lines).anySatisfy(line -> assertThat(line).contains("incidents", "FAILED", "HTTP 500"))
                .allSatisfy(line -> assertThat(line).doesNotContain("secrettoken").doesNotContain(ROUTING_KEY));
    }
}
