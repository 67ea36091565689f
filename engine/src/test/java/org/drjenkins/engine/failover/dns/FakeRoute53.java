package org.drjenkins.engine.failover.dns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Route 53 has no local server: this is a local HTTP endpoint speaking the part of its API 2013-04-01 that the
 * failover record pair uses (ListResourceRecordSets, ChangeResourceRecordSets, CreateHealthCheck, GetHealthCheck,
 * UpdateHealthCheck) over one hosted zone, keeping the records and health checks it was sent, and recording every
 * request exactly as it came, so wire-level tests assert both the requests and their effect.
 */
public final class FakeRoute53 implements AutoCloseable {

    public static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

    /** One request as it arrived. */
    public record Request(String method, String path, String query, String body, String authorization) {
        public String line() {
            return method + " " + path;
        }

        public Document xml() {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(false);
                return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException("not XML: " + body, e);
            }
        }

        public String text(String xpath) {
            try {
                return XPathFactory.newInstance().newXPath().evaluate(xpath, xml());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A record set it holds. */
    public record RecordSet(String name, String type, String setIdentifier, String failover, long ttl, List<String> values,
            String healthCheckId) {
        String key() {
            return name + "|" + type + "|" + (setIdentifier == null ? "" : setIdentifier);
        }
    }

    /** A health check it holds. */
    public static final class HealthCheck {
        public volatile boolean inverted;
        public volatile long version = 1;
    }

    private final String zoneId;
    private final String zoneName;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, RecordSet> records = new LinkedHashMap<>();
    private final Map<String, HealthCheck> healthChecks = new LinkedHashMap<>();
    private int nextHealthCheck = 1;
    /** When set, every request is answered with this status and an InvalidClientTokenId error. */
    private volatile int refuseWith;

    public FakeRoute53(String zoneId, String zoneName) throws IOException {
        this.zoneId = zoneId;
        this.zoneName = zoneName;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<String> requestLines() {
        return requests.stream().map(Request::line).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    public synchronized void put(RecordSet set) {
        records.put(set.key(), set);
    }

    public synchronized List<RecordSet> records() {
        return List.copyOf(records.values());
    }

    /** Adds a health check as CreateHealthCheck would, returning its id. */
    public synchronized String addHealthCheck(boolean inverted) {
        String id = "hc-" + nextHealthCheck++;
        HealthCheck check = new HealthCheck();
        check.inverted = inverted;
        healthChecks.put(id, check);
        return id;
    }

    public synchronized HealthCheck healthCheck(String id) {
        return healthChecks.get(id);
    }

    public synchronized Map<String, HealthCheck> healthChecks() {
        return Map.copyOf(healthChecks);
    }

    /** Answers every request with {@code status} (403: the credentials are refused); 0 answers normally again. */
    public void refuseAll(int status) {
        refuseWith = status;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = exchange.getRequestURI();
        Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery() == null ? ""
                : uri.getRawQuery(), body, exchange.getRequestHeaders().getFirst("Authorization"));
        requests.add(request);
        int status = 200;
        String xml;
        try {
            synchronized (this) {
                if (refuseWith != 0) {
                    status = refuseWith;
                    xml = error("InvalidClientTokenId", "The security token included in the request is invalid.");
                } else {
                    String[] result = route(request, exchange);
                    status = Integer.parseInt(result[0]);
                    xml = result[1];
                }
            }
        } catch (Exception e) {
            status = 400;
            xml = error("InvalidInput", "test server could not read " + request.line() + ": " + e);
        }
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "r-1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String[] route(Request r, HttpExchange exchange) throws Exception {
        String base = "/2013-04-01/";
        if (r.method().equals("GET") && r.path().equals(base + "hostedzone/" + zoneId)) {
            return ok("<GetHostedZoneResponse xmlns=\"" + NS + "\"><HostedZone><Id>/hostedzone/" + zoneId + "</Id><Name>"
                    + zoneName + "</Name><CallerReference>ref</CallerReference></HostedZone></GetHostedZoneResponse>");
        }
        if (r.method().equals("GET") && r.path().equals(base + "hostedzone/" + zoneId + "/rrset")) {
            return ok(list(query(r.query())));
        }
        if (r.method().equals("POST") && r.path().equals(base + "hostedzone/" + zoneId + "/rrset/")) {
            return change(r.xml());
        }
        if (r.method().equals("POST") && r.path().equals(base + "healthcheck")) {
            Document create = r.xml();
            String inverted = XPathFactory.newInstance().newXPath().evaluate("//HealthCheckConfig/Inverted", create);
            String id = addHealthCheck("true".equals(inverted));
            exchange.getResponseHeaders().add("Location", "https://route53.amazonaws.com/2013-04-01/healthcheck/" + id);
            return new String[] {"201", "<CreateHealthCheckResponse xmlns=\"" + NS + "\">" + healthCheckXml(id)
                    + "</CreateHealthCheckResponse>"};
        }
        if (r.path().startsWith(base + "healthcheck/")) {
            String id = r.path().substring((base + "healthcheck/").length());
            HealthCheck check = healthChecks.get(id);
            if (check == null) {
                return new String[] {"404", error("NoSuchHealthCheck", "No health check exists with the specified ID " + id)};
            }
            if (r.method().equals("GET")) {
                return ok("<GetHealthCheckResponse xmlns=\"" + NS + "\">" + healthCheckXml(id) + "</GetHealthCheckResponse>");
            }
            if (r.method().equals("POST")) {
                String version = r.text("/UpdateHealthCheckRequest/HealthCheckVersion");
                if (!version.isEmpty() && Long.parseLong(version) != check.version) {
                    return new String[] {"409", error("HealthCheckVersionMismatch", "The value of HealthCheckVersion in the "
                            + "request doesn't match the value of HealthCheckVersion in the health check.")};
                }
                String inverted = r.text("/UpdateHealthCheckRequest/Inverted");
                if (!inverted.isEmpty()) {
                    check.inverted = Boolean.parseBoolean(inverted);
                }
                check.version++;
                return ok("<UpdateHealthCheckResponse xmlns=\"" + NS + "\">" + healthCheckXml(id)
                        + "</UpdateHealthCheckResponse>");
            }
        }
        return new String[] {"400", error("UnexpectedRequest", "test server got " + r.line() + "?" + r.query())};
    }

    private String list(Map<String, String> query) {
        String name = query.getOrDefault("name", "");
        String type = query.getOrDefault("type", "");
        int max = Integer.parseInt(query.getOrDefault("maxitems", "100"));
        List<RecordSet> sorted = new ArrayList<>();
        // The asked name and type first, as Route 53 lists from there; the other names after it.
        records.values().stream().filter(s -> s.name().equals(name) && s.type().equals(type)).forEach(sorted::add);
        records.values().stream().filter(s -> !sorted.contains(s)).forEach(sorted::add);
        StringBuilder xml = new StringBuilder("<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>");
        for (RecordSet s : sorted.subList(0, Math.min(max, sorted.size()))) {
            xml.append("<ResourceRecordSet><Name>").append(s.name()).append("</Name><Type>").append(s.type()).append("</Type>");
            if (s.setIdentifier() != null) {
                xml.append("<SetIdentifier>").append(s.setIdentifier()).append("</SetIdentifier><Failover>")
                        .append(s.failover()).append("</Failover>");
            }
            xml.append("<TTL>").append(s.ttl()).append("</TTL><ResourceRecords>");
            s.values().forEach(v -> xml.append("<ResourceRecord><Value>").append(v).append("</Value></ResourceRecord>"));
            xml.append("</ResourceRecords>");
            if (s.healthCheckId() != null) {
                xml.append("<HealthCheckId>").append(s.healthCheckId()).append("</HealthCheckId>");
            }
            xml.append("</ResourceRecordSet>");
        }
        return xml.append("</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>").append(max)
                .append("</MaxItems></ListResourceRecordSetsResponse>").toString();
    }

    /** Applies the batch as Route 53 does: all changes or none. */
    private String[] change(Document batch) throws Exception {
        NodeList changes = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate("/ChangeResourceRecordSetsRequest/ChangeBatch/Changes/Change", batch, XPathConstants.NODESET);
        Map<String, RecordSet> after = new LinkedHashMap<>(records);
        for (int i = 0; i < changes.getLength(); i++) {
            Element change = (Element) changes.item(i);
            String action = child(change, "Action");
            Element set = (Element) change.getElementsByTagName("ResourceRecordSet").item(0);
            List<String> values = new ArrayList<>();
            NodeList valueNodes = set.getElementsByTagName("Value");
            for (int v = 0; v < valueNodes.getLength(); v++) {
                values.add(valueNodes.item(v).getTextContent());
            }
            RecordSet record = new RecordSet(child(set, "Name"), child(set, "Type"), blankToNull(child(set, "SetIdentifier")),
                    blankToNull(child(set, "Failover")), Long.parseLong(child(set, "TTL")), values,
                    blankToNull(child(set, "HealthCheckId")));
            boolean plainBeside = after.values().stream().anyMatch(s -> s.name().equals(record.name())
                    && s.type().equals(record.type()) && (s.setIdentifier() == null) != (record.setIdentifier() == null));
            switch (action) {
                case "DELETE" -> {
                    if (!record.equals(after.get(record.key()))) {
                        return new String[] {"400", invalidBatch("Tried to delete resource record set [name='"
                                + record.name() + "', type='" + record.type() + "'] but it was not found")};
                    }
                    after.remove(record.key());
                }
                case "UPSERT", "CREATE" -> {
                    if (plainBeside) {
                        return new String[] {"400", invalidBatch("RRSet of type " + record.type() + " with DNS name "
                                + record.name() + " is not permitted because a conflicting RRSet of type " + record.type()
                                + " with the same DNS name already exists in zone " + zoneName + ".")};
                    }
                    if (record.healthCheckId() != null && !healthChecks.containsKey(record.healthCheckId())) {
                        return new String[] {"400", invalidBatch("The health check " + record.healthCheckId()
                                + " does not exist")};
                    }
                    after.put(record.key(), record);
                }
                default -> {
                    return new String[] {"400", invalidBatch("unknown action " + action)};
                }
            }
        }
        records.clear();
        records.putAll(after);
        return ok("<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\"><ChangeInfo><Id>/change/C1</Id><Status>PENDING"
                + "</Status><SubmittedAt>2026-12-02T04:00:00.000Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>");
    }

    private String healthCheckXml(String id) {
        HealthCheck check = healthChecks.get(id);
        return "<HealthCheck><Id>" + id + "</Id><CallerReference>dr-x</CallerReference><HealthCheckConfig><Type>CALCULATED"
                + "</Type><Inverted>" + check.inverted + "</Inverted><HealthThreshold>0</HealthThreshold></HealthCheckConfig>"
                + "<HealthCheckVersion>" + check.version + "</HealthCheckVersion></HealthCheck>";
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent();
            }
        }
        return "";
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    private static String[] ok(String xml) {
        return new String[] {"200", xml};
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
    }

    private static String invalidBatch(String message) {
        return "<InvalidChangeBatch xmlns=\"" + NS + "\"><Messages><Message>" + message + "</Message></Messages>"
                + "<RequestId>r-1</RequestId></InvalidChangeBatch>";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
