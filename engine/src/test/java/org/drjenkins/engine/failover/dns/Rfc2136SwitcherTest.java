package org.drjenkins.engine.failover.dns;

import org.drjenkins.engine.config.DnsSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Against a real BIND 9 started for this class: the update path a failover takes, and the ways it is refused. */
public class Rfc2136SwitcherTest {

    private static BindServer bind;

    @BeforeClass
    public static void startBind() throws Exception {
        bind = BindServer.start(
                "db IN A 10.0.0.1",
                "wrongsecret IN A 10.0.1.1",
                "wrongkey IN A 10.0.2.1",
                "unsigned IN A 10.0.3.1",
                "app IN CNAME primary.example.com.",
                "v6 IN AAAA 2001:db8::1");
    }

    @AfterClass
    public static void stopBind() throws Exception {
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    public void pointSwitchesTheARecordAndIndependentQueriesAnswerTheNewAddress() throws Exception {
        Rfc2136Switcher switcher = signedSwitcher("db", "A");
        assertThat(switcher.current().values()).containsExactly("10.0.0.1");

        switcher.point("10.0.0.2");

        assertThat(switcher.current()).isEqualTo(new DnsRecord("db.dr.test.", "A", 60, List.of("10.0.0.2")));
        assertThat(lookup("db.dr.test.", Type.A)).containsExactly("10.0.0.2");
        assertThat(bind.dig("db.dr.test", "A")).containsExactly("10.0.0.2");
    }

    @Test
    public void cnameSwitchMovesTheAliasToTheStandbyHost() throws Exception {
        Rfc2136Switcher switcher = signedSwitcher("app.dr.test", "CNAME");
        assertThat(switcher.current().values()).containsExactly("primary.example.com.");

        switcher.point("standby.example.com");

        assertThat(switcher.current().values()).containsExactly("standby.example.com.");
        assertThat(lookup("app.dr.test.", Type.CNAME)).containsExactly("standby.example.com.");
        assertThat(bind.dig("app.dr.test", "CNAME")).containsExactly("standby.example.com.");
    }

    @Test
    public void aaaaSwitchReplacesTheIpv6Address() throws Exception {
        Rfc2136Switcher switcher = signedSwitcher("v6", "AAAA");

        switcher.point("2001:db8::2");

        assertThat(bind.dig("v6.dr.test", "AAAA")).containsExactly("2001:db8::2");
    }

    @Test
    public void wrongSecretIsRejectedWithTheTsigMessageAndTheRecordStaysUnchanged() throws Exception {
        String otherSecret = Base64.getEncoder().encodeToString(new byte[32]);
        Rfc2136Switcher switcher = new Rfc2136Switcher(settings("wrongsecret", "A", BindServer.KEY_NAME), Optional.of(otherSecret));

        assertThatThrownBy(() -> switcher.point("10.0.1.2"))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("NOTAUTH")
                .hasMessageContaining("TSIG key rejected: check the key name and secret")
                .hasMessageContaining(bind.address())
                .hasMessageNotContaining(otherSecret);
        assertThat(bind.dig("wrongsecret.dr.test", "A")).containsExactly("10.0.1.1");
    }

    @Test
    public void unknownKeyNameIsRejectedWithTheTsigMessageAndTheRecordStaysUnchanged() throws Exception {
        Rfc2136Switcher switcher = new Rfc2136Switcher(settings("wrongkey", "A", "otherkey"), Optional.of(bind.secret()));

        assertThatThrownBy(() -> switcher.point("10.0.2.2"))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("TSIG key rejected: check the key name and secret")
                .hasMessageNotContaining(bind.secret());
        assertThat(bind.dig("wrongkey.dr.test", "A")).containsExactly("10.0.2.1");
    }

    @Test
    public void unsignedUpdateIsRefusedWithTheAllowUpdateMessage() throws Exception {
        Rfc2136Switcher switcher = new Rfc2136Switcher(settings("unsigned", "A", null), Optional.empty());

        assertThatThrownBy(() -> switcher.point("10.0.3.2"))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("REFUSED")
                .hasMessageContaining("server refused the update: check allow-update and the key name");
        assertThat(bind.dig("unsigned.dr.test", "A")).containsExactly("10.0.3.1");
    }

    @Test
    public void missingRecordReadsAsNoValuesNotAsAnError() {
        assertThat(signedSwitcher("nothing-here", "A").current())
                .isEqualTo(new DnsRecord("nothing-here.dr.test.", "A", 0, List.of()));
    }

    @Test
    public void silentServerFailsWithinTheTimeoutNamingTheServer() throws Exception {
        int closedPort;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        DnsSettings settings = DnsSettings.rfc2136("dr.test", "db", "A", 60, "127.0.0.1:" + closedPort, BindServer.KEY_NAME)
                .withTimeout(Duration.ofSeconds(1));
        Rfc2136Switcher switcher = new Rfc2136Switcher(settings, Optional.of(bind.secret()));

        long start = System.nanoTime();
        assertThatThrownBy(() -> switcher.point("10.0.0.9"))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("no answer from DNS server 127.0.0.1:" + closedPort);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    public void describeNamesRecordServerAndKeyButNeverTheSecret() {
        String description = signedSwitcher("db", "A").describe();

        assertThat(description).contains("db.dr.test.", "A", bind.address(), "drkey", "hmac-sha256")
                .doesNotContain(bind.secret());
    }

    @Test
    public void keyNameWithoutSecretIsAConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> new Rfc2136Switcher(settings("db", "A", BindServer.KEY_NAME), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DR_DNS_TSIG_SECRET");
    }

    @Test
    public void invalidAddressIsRejectedBeforeAnythingIsSent() throws Exception {
        Rfc2136Switcher switcher = signedSwitcher("db", "A");

        assertThatThrownBy(() -> switcher.point("10.0.0.300")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'10.0.0.300' is not a valid A value");
    }

    private static Rfc2136Switcher signedSwitcher(String name, String type) {
        return new Rfc2136Switcher(settings(name, type, BindServer.KEY_NAME), Optional.of(bind.secret()));
    }

    private static DnsSettings settings(String name, String type, String keyName) {
        return DnsSettings.rfc2136("dr.test", name, type, 60, bind.address(), keyName).withTimeout(Duration.ofSeconds(5));
    }

    /** A plain dnsjava client, separate from the switcher's own read-back. */
    private static List<String> lookup(String name, int type) throws Exception {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), bind.port())));
        lookup.setCache(null);
        Record[] answers = lookup.run();
        assertThat(lookup.getResult()).as(lookup.getErrorString()).isEqualTo(Lookup.SUCCESSFUL);
        return Arrays.stream(answers).map(Record::rdataToString).toList();
    }
}
