package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The dispatcher's contract with the incident engine, against real local sockets: one that accepts and never answers,
 * one that is gone, one that answers 500, one that records.
 */
public class NoticeDispatcherTest {

    private ServerSocket hanging;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private LocalHttpEndpoint failing;
    private LocalHttpEndpoint live;
    private final RecordingProgress progress = new RecordingProgress();

    @Before
    public void startEndpoints() throws IOException {
        hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(hanging.accept());
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        failing = new LocalHttpEndpoint(r -> new LocalHttpEndpoint.Answer(500, "down"));
        live = new LocalHttpEndpoint(r -> new LocalHttpEndpoint.Answer(200, "ok"));
    }

    @After
    public void stopEndpoints() throws IOException {
        hanging.close();
        for (Socket s : held) {
            s.close();
        }
        failing.close();
        live.close();
    }

    private WebhookChannel hook(String name, URI url, Set<Audience> audiences) {
        return new WebhookChannel(new Webhook(url, Webhook.Format.JSON, name), audiences, Duration.ofSeconds(1));
    }

    @Test
    public void sendReturnsInMillisecondsWhileOneChannelHangsAndAnotherFailsAndTheLiveOneStillDelivers() throws Exception {
        List<NoticeChannel> channels = List.of(
                hook("hanging", URI.create("http://127.0.0.1:" + hanging.getLocalPort() + "/hook"), Set.of(Audience.ON_CALL)),
                hook("failing", failing.uri("/hook"), Set.of(Audience.ON_CALL)),
                hook("live", live.uri("/hook"), Set.of(Audience.ON_CALL)));
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(1500));
        try (NoticeDispatcher dispatcher = new NoticeDispatcher(channels, retry, progress)) {
            long start = System.nanoTime();

            for (NoticeAction action : NoticeAction.values()) {
                dispatcher.send(Notices.notice(action, Severity.CRITICAL, Audience.ON_CALL, false));
            }

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // A non-blocking contract, not a speed test: anything near a network timeout would be a failure.
            assertThat(took).isLessThan(Duration.ofMillis(200));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(60))).isTrue();
            List<NoticeDelivery> deliveries = dispatcher.deliveries();
            assertThat(deliveries).filteredOn(d -> d.channel().equals("live")).extracting(NoticeDelivery::action)
                    .containsExactly(NoticeAction.TRIGGER, NoticeAction.ACKNOWLEDGE, NoticeAction.RESOLVE);
            assertThat(deliveries).filteredOn(d -> d.channel().equals("live")).allSatisfy(d -> assertThat(d.ok()).isTrue());
            assertThat(deliveries).filteredOn(d -> !d.channel().equals("live")).hasSize(6).allSatisfy(d -> {
                assertThat(d.ok()).isFalse();
                assertThat(d.attempts()).isGreaterThan(1);
            });
            assertThat(deliveries).filteredOn(d -> d.channel().equals("hanging")).first()
                    .satisfies(d -> assertThat(d.delivery().detail()).startsWith("no answer from http://127.0.0.1:"));
        }
        assertThat(live.requests).hasSize(3);
    }

    @Test
    public void eachNoticeGoesOnlyToTheChannelsConfiguredForItsAudience() throws Exception {
        List<NoticeChannel> channels = List.of(
                hook("incidents", live.uri("/incidents"), Set.of()),
                hook("executives", live.uri("/executives"), EnumSet.of(Audience.EXECUTIVES)),
                hook("both", live.uri("/both"), EnumSet.of(Audience.INCIDENTS, Audience.STAKEHOLDERS)));
        try (NoticeDispatcher dispatcher = new NoticeDispatcher(channels, RetryPolicy.NONE, progress)) {
            List<NoticeDelivery> heard = new CopyOnWriteArrayList<>();
            dispatcher.addListener(heard::add);

            dispatcher.send(Notices.trigger(Audience.INCIDENTS));
            dispatcher.send(Notices.trigger(Audience.EXECUTIVES));
            dispatcher.send(Notices.trigger(Audience.STAKEHOLDERS));
            dispatcher.send(Notices.trigger(Audience.ON_CALL));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

            List<String> routes = new ArrayList<>();
            for (NoticeDelivery d : dispatcher.deliveries()) {
                routes.add(d.audience().name() + "->" + d.channel());
            }
            assertThat(routes).containsExactlyInAnyOrder("INCIDENTS->incidents", "INCIDENTS->both", "EXECUTIVES->executives",
                    "STAKEHOLDERS->both");
            assertThat(heard).hasSameElementsAs(dispatcher.deliveries());
        }
        assertThat(live.requests).extracting(LocalHttpEndpoint.Request::path)
                .containsExactlyInAnyOrder("/incidents", "/both", "/executives", "/both");
    }

    @Test
    public void aChannelThatThrowsIsRecordedAsFailedWithoutItsMessageAndTheOthersStillDeliver() throws Exception {
        NoticeChannel throwing = new NoticeChannel() {
            @Override
            public String name() {
                return "throwing";
            }

            @Override
            public Set<Audience> audiences() {
                return Set.of(Audience.INCIDENTS);
            }

            @Override
            public Delivery deliver(Notice notice) {
                throw new IllegalStateException("token=s3cr3t");
            }
        };
        try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(throwing, hook("live", live.uri("/x"), Set.of())),
                RetryPolicy.DEFAULT, progress)) {
            dispatcher.send(Notices.trigger(Audience.INCIDENTS));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

            assertThat(dispatcher.deliveries()).extracting(NoticeDelivery::channel, NoticeDelivery::ok)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("throwing", false),
                            org.assertj.core.groups.Tuple.tuple("live", true));
            assertThat(dispatcher.log()).allSatisfy(line -> assertThat(line).doesNotContain("s3cr3t"));
            assertThat(progress.lines).allSatisfy(line -> assertThat(line).doesNotContain("s3cr3t"));
        }
    }

    @Test
    public void afterCloseNoticesAreRecordedAsNotSentInsteadOfThrowing() {
        NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(hook("live", live.uri("/x"), Set.of())), RetryPolicy.NONE, progress);
        dispatcher.close(Duration.ofSeconds(1));

        dispatcher.send(Notices.trigger(Audience.INCIDENTS));

        assertThat(dispatcher.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.ok()).isFalse();
            assertThat(d.attempts()).isZero();
            assertThat(d.delivery().detail()).isEqualTo("not sent: the dispatcher is closed");
        });
        assertThat(live.requests).isEmpty();
    }

    @Test
    public void closeGivesUpOnAHangingChannelWithinItsGrace() {
        NoticeDispatcher dispatcher = new NoticeDispatcher(
                List.of(hook("hanging", URI.create("http://127.0.0.1:" + hanging.getLocalPort() + "/hook"), Set.of())),
                RetryPolicy.DEFAULT, progress);
        dispatcher.send(Notices.trigger(Audience.INCIDENTS));
        long start = System.nanoTime();

        dispatcher.close(Duration.ofMillis(300));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(progress.lines).anySatisfy(line -> assertThat(line).startsWith("gave up on notice channel hanging"));
    }

    @Test
    public void backoffDoublesUpToItsLimit() {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMinutes(1));

        assertThat(List.of(retry.waitAfter(1), retry.waitAfter(2), retry.waitAfter(3), retry.waitAfter(4), retry.waitAfter(5)))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                        Duration.ofSeconds(3));
    }
}
