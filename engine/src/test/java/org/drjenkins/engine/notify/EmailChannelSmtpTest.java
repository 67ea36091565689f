package org.drjenkins.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Against a real SMTP server (GreenMail) on 127.0.0.1 with authentication: subjects, bodies and recipients per
 * audience, a refused login, and STARTTLS being required (the password is never sent in clear to a server without it).
 */
public class EmailChannelSmtpTest {

    private static final String PASSWORD = "Sm7p-Pa55w0rd-Secret";
    private static final List<String> STAKEHOLDERS = List.of("customers@example.org", "support@example.org");
    private static final List<String> EXECUTIVES = List.of("cto@example.org");

    private GreenMail smtp;
    private int port;

    @Before
    public void startSmtpServer() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("dr@example.org", "dr-mailer", PASSWORD);
        smtp.getManagers().getSmtpManager().getUserManager().setAuthRequired(true);
        smtp.start();
    }

    @After
    public void stopSmtpServer() {
        smtp.stop();
    }

    private EmailChannel channel(String password, boolean starttls) {
        return new EmailChannel("email", new EmailChannel.Smtp("127.0.0.1", port, starttls, "dr-mailer", password, "dr@example.org",
                STAKEHOLDERS, EXECUTIVES), Duration.ofSeconds(5));
    }

    @Test
    public void stakeholdersGetTheTemplateWithItsTitleAsSubjectAndItsFiveLinesAsBody() throws Exception {
        Delivery delivery = channel(PASSWORD, false).deliver(Notices.trigger(Audience.STAKEHOLDERS));

        assertThat(delivery.ok()).as(delivery.detail()).isTrue();
        assertThat(delivery.detail()).isEqualTo("sent to 2 recipient(s) via smtp://127.0.0.1:" + port);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("[INCIDENT] Jenkins - Primary region down");
        assertThat(Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString)).containsExactlyElementsOf(STAKEHOLDERS);
        assertThat(message.getFrom()[0].toString()).isEqualTo("dr@example.org");
        assertThat(message.getHeader("X-DR-Incident")[0]).isEqualTo(Notices.INCIDENT);
        String body = ((String) message.getContent()).replace("\r\n", "\n");
        assertThat(body).contains("Title: [INCIDENT] Jenkins - Primary region down\n", "Started: 2024-01-15 14:30 UTC\n",
                "Status: MITIGATING\n", "Impact: ~120 users affected / ~100% of traffic impacted\n", "Next Update: 14:45 UTC");
    }

    @Test
    public void executivesGetTheirListAndTheOnCallGetsTheAddressesOfThePeoplePaged() throws Exception {
        EmailChannel channel = channel(PASSWORD, false);

        assertThat(channel.deliver(Notices.trigger(Audience.EXECUTIVES)).ok()).isTrue();
        assertThat(channel.deliver(Notices.trigger(Audience.ON_CALL)).ok()).isTrue();

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("cto@example.org");
        // Bob has no email address: only Alice is mailed, the pager reaches Bob.
        assertThat(received[1].getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("alice@example.org");
        assertThat(channel.serves(Notices.trigger(Audience.INCIDENTS))).isFalse();
        assertThat(channel.serves(new Notice("x", NoticeAction.TRIGGER, Severity.HIGH, Audience.ON_CALL, Notices.MESSAGE,
                List.of(new Contact("Bob", null)), false, Map.of()))).isFalse();
    }

    @Test
    public void aDrillIsMarkedInSubjectBodyAndHeader() throws Exception {
        channel(PASSWORD, false).deliver(Notices.notice(NoticeAction.TRIGGER, Severity.INFO, Audience.EXECUTIVES, true));

        MimeMessage message = smtp.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("[DRILL] [INCIDENT] Jenkins - Primary region down");
        assertThat((String) message.getContent()).startsWith(NoticeText.DRILL_LINE);
        assertThat(message.getHeader("X-DR-Drill")[0]).isEqualTo("true");
    }

    @Test
    public void aWrongPasswordIsAFailedDeliveryThatNamesTheUserButNeverThePassword() throws Exception {
        String wrong = "Wr0ng-Pa55w0rd-Secret";
        RecordingProgress progress = new RecordingProgress();

        try (NoticeDispatcher dispatcher = new NoticeDispatcher(List.of(channel(wrong, false)), RetryPolicy.DEFAULT, progress)) {
            dispatcher.send(Notices.trigger(Audience.STAKEHOLDERS));
            assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();

            assertThat(dispatcher.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.ok()).isFalse();
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.delivery().status()).isEqualTo(535);
                assertThat(d.delivery().detail()).contains("refused the login of dr-mailer").doesNotContain(wrong).doesNotContain(PASSWORD);
            });
        }
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(progress.lines).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(wrong));
        assertThat(channel(wrong, false).toString()).doesNotContain(wrong);
    }

    @Test
    public void withStarttlsRequiredAServerThatDoesNotOfferItGetsNeitherPasswordNorMessage() throws Exception {
        Delivery delivery = channel(PASSWORD, true).deliver(Notices.trigger(Audience.STAKEHOLDERS));

        assertThat(delivery.ok()).isFalse();
        assertThat(delivery.detail()).containsIgnoringCase("STARTTLS").doesNotContain(PASSWORD);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    public void anSmtpServerThatIsGoneIsANoAnswerFailureWorthRetrying() throws Exception {
        smtp.stop();
        EmailChannel channel = channel(PASSWORD, false);

        Delivery delivery = channel.deliver(Notices.trigger(Audience.STAKEHOLDERS));

        assertThat(delivery.ok()).isFalse();
        assertThat(delivery.status()).isEqualTo(-1);
        assertThat(delivery.detail()).startsWith("sending through smtp://127.0.0.1:" + port + " failed: ").doesNotContain(PASSWORD);
        assertThat(channel.retryable(delivery)).isTrue();
    }
}
