package org.drjenkins.engine.failover.dns;

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
 * Route 53 has no local server, so this checks the wire level: the exact requests (paths and XML bodies, API
 * 2013-04-01) for setting up the failover record pair with its health check, for failing over by inverting only the
 * health check, and for probing it, answered the way Route 53 documents its answers.
 */
public class Route53FailoverRecordsWireLevelTest {

    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

    private HttpServer server;
    private final List<String[]> requests = new CopyOnWriteArrayList<>();
    private volatile boolean inverted;
    private volatile int version = 1;

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

    private Route53FailoverRecords records() {
        return new Route53FailoverRecords("Z123", "db.example.com", "a", 30,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret-never-shown")),
                Region.AWS_GLOBAL, Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
    }

    @Test
    public void wireLevelSetUpCreatesACalculatedHealthCheckThenUpsertsThePrimaryAndSecondaryFailoverRecords()
            throws Exception {
        String id;
        try (Route53FailoverRecords records = records()) {
            id = records.setUp("10.0.1.100", "10.1.1.100");
        }

        assertThat(id).isEqualTo("hc-1");
        assertThat(requests).extracting(r -> r[0] + " " + r[1]).containsExactly(
                "POST /2013-04-01/healthcheck", "POST /2013-04-01/hostedzone/Z123/rrset/");
        Document create = xml(requests.get(0)[2]);
        assertThat(text(create, "/CreateHealthCheckRequest/CallerReference")).startsWith("dr-");
        assertThat(text(create, "/CreateHealthCheckRequest/HealthCheckConfig/Type")).isEqualTo("CALCULATED");
        assertThat(text(create, "/CreateHealthCheckRequest/HealthCheckConfig/HealthThreshold")).isEqualTo("0");
        assertThat(text(create, "/CreateHealthCheckRequest/HealthCheckConfig/Inverted")).isEqualTo("false");

        Document change = xml(requests.get(1)[2]);
        String first = "/ChangeResourceRecordSetsRequest/ChangeBatch/Changes/Change[1]";
        String second = "/ChangeResourceRecordSetsRequest/ChangeBatch/Changes/Change[2]";
        assertThat(text(change, first + "/Action")).isEqualTo("UPSERT");
        assertThat(text(change, first + "/ResourceRecordSet/Name")).isEqualTo("db.example.com.");
        assertThat(text(change, first + "/ResourceRecordSet/Type")).isEqualTo("A");
        assertThat(text(change, first + "/ResourceRecordSet/SetIdentifier")).isEqualTo("dr-primary");
        assertThat(text(change, first + "/ResourceRecordSet/Failover")).isEqualTo("PRIMARY");
        assertThat(text(change, first + "/ResourceRecordSet/HealthCheckId")).isEqualTo("hc-1");
        assertThat(text(change, first + "/ResourceRecordSet/TTL")).isEqualTo("30");
        assertThat(text(change, first + "/ResourceRecordSet/ResourceRecords/ResourceRecord/Value")).isEqualTo("10.0.1.100");
        assertThat(text(change, second + "/Action")).isEqualTo("UPSERT");
        assertThat(text(change, second + "/ResourceRecordSet/SetIdentifier")).isEqualTo("dr-secondary");
        assertThat(text(change, second + "/ResourceRecordSet/Failover")).isEqualTo("SECONDARY");
        assertThat(text(change, second + "/ResourceRecordSet/HealthCheckId")).isEmpty();
        assertThat(text(change, second + "/ResourceRecordSet/ResourceRecords/ResourceRecord/Value"))
                .isEqualTo("10.1.1.100");
        assertThat(requests).allSatisfy(r -> assertThat(r[3]).as("signed for Route 53 in us-east-1")
                .contains("/us-east-1/route53/aws4_request").doesNotContain("secret-never-shown"));
    }

    @Test
    public void wireLevelFailOverOnlyInvertsTheHealthCheckAtTheVersionItReadAndTouchesNoRecord() throws Exception {
        version = 4;
        try (Route53FailoverRecords records = records()) {
            records.failOver("hc-1");
        }

        assertThat(requests).extracting(r -> r[0] + " " + r[1]).containsExactly(
                "GET /2013-04-01/healthcheck/hc-1", "POST /2013-04-01/healthcheck/hc-1");
        Document update = xml(requests.get(1)[2]);
        assertThat(update.getDocumentElement().getNodeName()).isEqualTo("UpdateHealthCheckRequest");
        assertThat(text(update, "/UpdateHealthCheckRequest/Inverted")).isEqualTo("true");
        assertThat(text(update, "/UpdateHealthCheckRequest/HealthCheckVersion")).isEqualTo("4");
        assertThat(inverted).isTrue();
    }

    @Test
    public void wireLevelProbeReadsTheHealthCheckWithGetHealthCheckAndSaysWhichRecordAnswers() {
        try (Route53FailoverRecords records = records()) {
            assertThat(records.probe("hc-1")).isEqualTo("Route 53 health check hc-1 (CALCULATED, version 1) is not"
                    + " inverted: db.example.com. answers with its PRIMARY");
            records.failOver("hc-1");
            assertThat(records.probe("hc-1")).contains("is inverted: db.example.com. answers with its SECONDARY");
        }
        assertThat(requests).extracting(r -> r[0] + " " + r[1]).startsWith("GET /2013-04-01/healthcheck/hc-1");
    }

    @Test
    public void wireLevelAnUnknownHealthCheckIsAClearErrorNamingIt() {
        try (Route53FailoverRecords records = records()) {
            assertThatThrownBy(() -> records.failOver("hc-404")).isInstanceOf(DnsException.class)
                    .hasMessageContaining("Route 53 did not return health check hc-404 of db.example.com.")
                    .hasMessageContaining("No health check exists with the specified ID");
        }
        assertThat(requests).extracting(r -> r[0]).containsOnly("GET");
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(new String[] {method, path, body, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))});
        int status = 200;
        String xml;
        if (method.equals("POST") && path.equals("/2013-04-01/healthcheck")) {
            status = 201;
            xml = "<CreateHealthCheckResponse xmlns=\"" + NS + "\">" + healthCheck() + "</CreateHealthCheckResponse>";
            exchange.getResponseHeaders().add("Location", "https://route53.amazonaws.com/2013-04-01/healthcheck/hc-1");
        } else if (method.equals("POST") && path.equals("/2013-04-01/hostedzone/Z123/rrset/")) {
            xml = "<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\"><ChangeInfo><Id>/change/C1</Id><Status>PENDING"
                    + "</Status><SubmittedAt>2026-12-02T04:00:00.000Z</SubmittedAt></ChangeInfo>"
                    + "</ChangeResourceRecordSetsResponse>";
        } else if (method.equals("GET") && path.equals("/2013-04-01/healthcheck/hc-1")) {
            xml = "<GetHealthCheckResponse xmlns=\"" + NS + "\">" + healthCheck() + "</GetHealthCheckResponse>";
        } else if (method.equals("POST") && path.equals("/2013-04-01/healthcheck/hc-1")) {
            inverted = body.contains("<Inverted>true</Inverted>");
            version++;
            xml = "<UpdateHealthCheckResponse xmlns=\"" + NS + "\">" + healthCheck() + "</UpdateHealthCheckResponse>";
        } else {
            status = 404;
            xml = "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>NoSuchHealthCheck</Code>"
                    + "<Message>No health check exists with the specified ID</Message></Error>"
                    + "<RequestId>r-1</RequestId></ErrorResponse>";
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "r-1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String healthCheck() {
        return "<HealthCheck><Id>hc-1</Id><CallerReference>dr-x</CallerReference><HealthCheckConfig><Type>CALCULATED"
                + "</Type><Inverted>" + inverted + "</Inverted><HealthThreshold>0</HealthThreshold></HealthCheckConfig>"
                + "<HealthCheckVersion>" + version + "</HealthCheckVersion></HealthCheck>";
    }

    private static Document xml(String body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document document, String path) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(path, document);
    }
}
