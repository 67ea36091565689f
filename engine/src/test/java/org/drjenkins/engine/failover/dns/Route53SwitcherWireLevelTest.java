package org.drjenkins.engine.failover.dns;

import org.drjenkins.engine.config.DnsSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Route 53 has no local server, so this checks the wire level: the exact HTTP requests the AWS SDK sends for the
 * switch, answered the way Route 53 documents its answers (API 2013-04-01).
 */
public class Route53SwitcherWireLevelTest {

    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Duration POLL = Duration.ofMillis(100);

    private HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    /** Answers to GET /change/C1, in order; the last one repeats. */
    private final Deque<String> changeStatuses = new ArrayDeque<>();
    private volatile Answer rrsetAnswer = new Answer(200, changeInfo("ChangeResourceRecordSetsResponse", "PENDING"));
    private volatile Answer listAnswer;
    private volatile Answer zoneAnswer;

    record Recorded(String method, String path, String query, String authorization, String amzDate, String body, long atNanos) {
    }

    record Answer(int status, String xml) {
    }

    @Before
    public void startFakeRoute53() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @After
    public void stopFakeRoute53() {
        server.stop(0);
    }

    @Test
    public void upsertSendsTheChangeBatchSignedForRoute53AndPollsGetChangeUntilInsync() throws Exception {
        changeStatuses.addAll(List.of("PENDING", "INSYNC"));
        long start = System.nanoTime();

        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            switcher.point("10.0.0.2");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(requests).extracting(Recorded::method, Recorded::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/2013-04-01/hostedzone/Z123/rrset/"),
                org.assertj.core.groups.Tuple.tuple("GET", "/2013-04-01/change/C1"),
                org.assertj.core.groups.Tuple.tuple("GET", "/2013-04-01/change/C1"));
        Document batch = xml(requests.get(0).body());
        assertThat(batch.getDocumentElement().getLocalName()).isEqualTo("ChangeResourceRecordSetsRequest");
        assertThat(batch.getDocumentElement().getNamespaceURI()).isEqualTo(NS);
        String change = "/*[local-name()='ChangeResourceRecordSetsRequest']/*[local-name()='ChangeBatch']/*[local-name()='Changes']"
                + "/*[local-name()='Change']";
        String set = change + "/*[local-name()='ResourceRecordSet']";
        assertThat(count(batch, change)).isEqualTo(1);
        assertThat(text(batch, change + "/*[local-name()='Action']")).isEqualTo("UPSERT");
        assertThat(text(batch, set + "/*[local-name()='Name']")).isEqualTo("db.example.com.");
        assertThat(text(batch, set + "/*[local-name()='Type']")).isEqualTo("A");
        assertThat(text(batch, set + "/*[local-name()='TTL']")).isEqualTo("60");
        assertThat(count(batch, set + "/*[local-name()='ResourceRecords']/*[local-name()='ResourceRecord']")).isEqualTo(1);
        assertThat(text(batch, set + "/*[local-name()='ResourceRecords']/*[local-name()='ResourceRecord']/*[local-name()='Value']"))
                .isEqualTo("10.0.0.2");
        for (Recorded r : requests) {
            assertThat(r.authorization()).matches(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/route53/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, "
                            + "Signature=[0-9a-f]{64}");
            assertThat(r.amzDate()).matches("\\d{8}T\\d{6}Z");
            assertThat(r.body() + r.authorization() + r.query()).doesNotContain(SECRET_KEY);
        }
        // Each GetChange waited a poll interval after the previous answer.
        assertThat(requests.get(2).atNanos() - requests.get(1).atNanos()).isGreaterThanOrEqualTo(POLL.toNanos());
        assertThat(took).isGreaterThanOrEqualTo(POLL.multipliedBy(2));
    }

    @Test
    public void changeAlreadyInsyncInTheAnswerNeedsNoPolling() throws Exception {
        rrsetAnswer = new Answer(200, changeInfo("ChangeResourceRecordSetsResponse", "INSYNC"));

        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            switcher.point("10.0.0.3");
        }

        assertThat(requests).extracting(Recorded::method).containsExactly("POST");
    }

    @Test
    public void changeStillPendingAtTheTimeoutFailsNamingTheChange() throws Exception {
        changeStatuses.add("PENDING");
        long start = System.nanoTime();

        try (Route53Switcher switcher = switcher(Duration.ofMillis(500))) {
            assertThatThrownBy(() -> switcher.point("10.0.0.2"))
                    .isInstanceOf(DnsException.class)
                    .hasMessageContaining("change C1")
                    .hasMessageContaining("still PENDING");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(requests.size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    public void invalidChangeBatchAnswerFailsWithTheAwsMessage() throws Exception {
        // The form Route 53 answers today (it moved InvalidChangeBatch into the standard ErrorResponse in 2024).
        String awsMessage = "[RRSet of type A with DNS name db.example.com. is not permitted because a conflicting RRSet of type CNAME "
                + "with the same DNS name already exists in zone example.com.]";
        rrsetAnswer = new Answer(400, "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                + "<Code>InvalidChangeBatch</Code><Message>" + awsMessage + "</Message></Error>"
                + "<RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId></ErrorResponse>");

        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> switcher.point("10.0.0.2"))
                    .isInstanceOf(DnsException.class)
                    .hasMessageContaining(awsMessage)
                    .hasMessageContaining("InvalidChangeBatch")
                    .hasMessageContaining("hosted zone Z123")
                    .hasMessageNotContaining(SECRET_KEY);
        }
        assertThat(requests).extracting(Recorded::method).containsExactly("POST");
    }

    @Test
    public void legacyInvalidChangeBatchDocumentStillYieldsTheAwsMessage() throws Exception {
        // The older, non-standard document the SDK's error parser does not understand.
        String awsMessage = "Tried to create resource record set [name='db.example.com.', type='A'] but it already exists";
        rrsetAnswer = new Answer(400, "<?xml version=\"1.0\"?>\n<InvalidChangeBatch xmlns=\"" + NS + "\"><Messages><Message>" + awsMessage
                + "</Message></Messages><RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId></InvalidChangeBatch>");

        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> switcher.point("10.0.0.2"))
                    .isInstanceOf(DnsException.class)
                    .hasMessageContaining(awsMessage)
                    .hasMessageContaining("HTTP 400");
        }
    }

    @Test
    public void unknownHostedZoneAnswerFailsWithTheAwsMessage() throws Exception {
        rrsetAnswer = new Answer(404, "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                + "<Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z123</Message></Error>"
                + "<RequestId>c1a2b3</RequestId></ErrorResponse>");

        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> switcher.point("10.0.0.2"))
                    .isInstanceOf(DnsException.class)
                    .hasMessageContaining("No hosted zone found with ID: Z123")
                    .hasMessageContaining("NoSuchHostedZone");
        }
    }

    @Test
    public void currentListsFromTheRecordNameAndReadsItsValues() throws Exception {
        listAnswer = new Answer(200, "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>"
                + "<ResourceRecordSet><Name>db.example.com.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords>"
                + "<ResourceRecord><Value>10.0.0.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
                + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems></ListResourceRecordSetsResponse>");

        DnsRecord current;
        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            current = switcher.current();
        }

        assertThat(current).isEqualTo(new DnsRecord("db.example.com.", "A", 60, List.of("10.0.0.1")));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).method()).isEqualTo("GET");
        assertThat(requests.get(0).path()).isEqualTo("/2013-04-01/hostedzone/Z123/rrset");
        assertThat(requests.get(0).query().split("&")).containsExactlyInAnyOrder("name=db.example.com.", "type=A", "maxitems=1");
    }

    @Test
    public void currentOfAMissingNameIsEmptyWhenTheListingStartsAtTheNextName() throws Exception {
        listAnswer = new Answer(200, "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>"
                + "<ResourceRecordSet><Name>www.example.com.</Name><Type>A</Type><TTL>300</TTL><ResourceRecords>"
                + "<ResourceRecord><Value>192.0.2.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
                + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems></ListResourceRecordSetsResponse>");

        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            assertThat(switcher.current().exists()).isFalse();
        }
    }

    private static final String ZONE = "<?xml version=\"1.0\"?>\n<GetHostedZoneResponse xmlns=\"" + NS + "\"><HostedZone>"
            + "<Id>/hostedzone/Z123</Id><Name>example.com.</Name><CallerReference>ref</CallerReference>"
            + "<ResourceRecordSetCount>3</ResourceRecordSetCount></HostedZone><DelegationSet><NameServers>"
            + "<NameServer>ns-1.awsdns-01.org</NameServer></NameServers></DelegationSet></GetHostedZoneResponse>";
    private static final String DB_RECORD = "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" + NS
            + "\"><ResourceRecordSets><ResourceRecordSet><Name>db.example.com.</Name><Type>A</Type><TTL>60</TTL>"
            + "<ResourceRecords><ResourceRecord><Value>10.0.0.1</Value></ResourceRecord></ResourceRecords>"
            + "</ResourceRecordSet></ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems>"
            + "</ListResourceRecordSetsResponse>";

    @Test
    public void probeSendsGetHostedZoneThenListResourceRecordSetsSignedAndChangesNothing() throws Exception {
        zoneAnswer = new Answer(200, ZONE);
        listAnswer = new Answer(200, DB_RECORD);

        String probed;
        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            probed = switcher.probe();
        }

        assertThat(requests).extracting(Recorded::method, Recorded::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("GET", "/2013-04-01/hostedzone/Z123"),
                org.assertj.core.groups.Tuple.tuple("GET", "/2013-04-01/hostedzone/Z123/rrset"));
        assertThat(requests.get(0).query()).isEmpty();
        assertThat(requests.get(1).query().split("&")).containsExactlyInAnyOrder("name=db.example.com.", "type=A", "maxitems=1");
        for (Recorded r : requests) {
            assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/us-east-1/route53/");
            assertThat(r.body()).isEmpty();
        }
        assertThat(probed).contains("Z123", "example.com.", "db.example.com.", "10.0.0.1");
    }

    @Test
    public void probeWithRejectedCredentialsFailsWithTheAwsMessageAndNoSecret() throws Exception {
        zoneAnswer = new Answer(403, "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type>"
                + "<Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message>"
                + "</Error><RequestId>r1</RequestId></ErrorResponse>");

        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            assertThatThrownBy(switcher::probe).isInstanceOf(DnsException.class)
                    .hasMessageContaining("The security token included in the request is invalid")
                    .hasMessageContaining("hosted zone Z123").hasMessageNotContaining(SECRET_KEY);
        }
        assertThat(requests).extracting(Recorded::path).containsExactly("/2013-04-01/hostedzone/Z123");
    }

    @Test
    public void probeOfAMissingRecordFailsNamingIt() throws Exception {
        zoneAnswer = new Answer(200, ZONE);
        listAnswer = new Answer(200, DB_RECORD.replace("db.example.com.", "www.example.com."));

        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            assertThatThrownBy(switcher::probe).isInstanceOf(DnsException.class)
                    .hasMessageContaining("has no A record db.example.com.");
        }
    }

    @Test
    public void dnsEndpointSendsTheSwitchersRequestsToThatEndpoint() throws Exception {
        zoneAnswer = new Answer(200, ZONE);
        listAnswer = new Answer(200, DB_RECORD);
        DnsSettings settings = DnsSettings.route53("Z123", "db.example.com", "A", 60)
                .withEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));

        try (DnsSwitcher switcher = DnsSwitchers.create(settings, Optional.empty(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", SECRET_KEY)))) {
            assertThat(switcher.describe()).contains("at http://127.0.0.1:" + server.getAddress().getPort());
            switcher.probe();
        }

        assertThat(requests).extracting(Recorded::path).containsExactly("/2013-04-01/hostedzone/Z123",
                "/2013-04-01/hostedzone/Z123/rrset");
    }

    @Test
    public void describeNamesZoneAndRecordButNoCredentials() {
        try (Route53Switcher switcher = switcher(Duration.ofSeconds(10))) {
            assertThat(switcher.describe()).contains("Z123", "db.example.com.", "A").doesNotContain("AKIDEXAMPLE", SECRET_KEY);
        }
    }

    private Route53Switcher switcher(Duration timeout) {
        DnsSettings settings = DnsSettings.route53("/hostedzone/Z123", "db.example.com", "A", 60).withTimeout(timeout);
        return new Route53Switcher(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", SECRET_KEY)),
                Region.AWS_GLOBAL, Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), POLL);
    }

    private void answer(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = exchange.getRequestURI();
        requests.add(new Recorded(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("X-Amz-Date"), body, at));
        Answer answer;
        if (exchange.getRequestMethod().equals("POST") && uri.getPath().equals("/2013-04-01/hostedzone/Z123/rrset/")) {
            answer = rrsetAnswer;
        } else if (exchange.getRequestMethod().equals("GET") && uri.getPath().equals("/2013-04-01/change/C1")) {
            String status;
            synchronized (changeStatuses) {
                status = changeStatuses.size() > 1 ? changeStatuses.poll() : changeStatuses.peek();
            }
            answer = new Answer(200, changeInfo("GetChangeResponse", status));
        } else if (exchange.getRequestMethod().equals("GET") && uri.getPath().equals("/2013-04-01/hostedzone/Z123") && zoneAnswer != null) {
            answer = zoneAnswer;
        } else if (exchange.getRequestMethod().equals("GET") && uri.getPath().equals("/2013-04-01/hostedzone/Z123/rrset") && listAnswer != null) {
            answer = listAnswer;
        } else {
            answer = new Answer(400, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>UnexpectedRequest</Code>"
                    + "<Message>test server got " + exchange.getRequestMethod() + " " + uri + "</Message></Error></ErrorResponse>");
        }
        byte[] bytes = answer.xml().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "c1a2b3");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String changeInfo(String root, String status) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"" + NS + "\"><ChangeInfo><Id>/change/C1</Id><Status>"
                + status + "</Status><SubmittedAt>2024-01-15T14:30:00.000Z</SubmittedAt><Comment>dr failover</Comment></ChangeInfo></"
                + root + ">";
    }

    private static Document xml(String body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document doc, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, doc);
    }

    private static int count(Document doc, String xpath) throws Exception {
        return ((Double) XPathFactory.newInstance().newXPath().evaluate("count(" + xpath + ")", doc,
                javax.xml.xpath.XPathConstants.NUMBER)).intValue();
    }
}
