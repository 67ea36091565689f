package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a region needs for failover: {@code database}, {@code dataDirectory}, {@code healthChecks}, {@code dns},
 * {@code faultCommand}, {@code rejoinCommand}, {@code fenceCommand}. All optional: a region without them only holds backups.
 */
final class RegionFailoverReader {

    static final List<String> KEYS = List.of("database", "dataDirectory", "healthChecks", "dns", "faultCommand",
            "rejoinCommand", "fenceCommand");

    private static final AllowedKeys CHECK_KEYS = new AllowedKeys("http", "tcp", "postgres", "status", "timeout");
    private static final List<String> CHECK_KINDS = List.of("http", "tcp", "postgres");
    private static final AllowedKeys DNS_KEYS = new AllowedKeys("provider", "zone", "recordName", "type", "ttl", "server",
            "tsigKeyName", "tsigAlgorithm", "hostedZoneId", "timeout", "value", "endpoint", "mode");
    /** Keys people write when they try to put the TSIG secret into the file. */
    private static final Set<String> SECRET_KEYS = Set.of("tsigsecret", "secret", "tsigkey", "key");
    private static final Pattern DNS_PROBLEM = Pattern.compile("dns\\.(\\w+) (.*)");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?");

    /** What was read; every value {@code null} (or empty) when not written or wrong (then already reported). */
    record Settings(String database, Path dataDirectory, List<HealthCheckSpec> healthChecks, RegionDns dns,
            String faultCommand, String rejoinCommand, String fenceCommand) {
    }

    private RegionFailoverReader() {
    }

    static Settings read(JsonNode region, String field, Problems problems) {
        boolean hasDatabase = !Scalars.absent(region.get("database"));
        String database = present(region, "database")
                .flatMap(node -> Scalars.text(node, Problems.field(field, "database"), problems))
                .filter(url -> validDatabase(url.strip(), Problems.field(field, "database"), problems))
                .map(String::strip).orElse(null);
        Path dataDirectory = present(region, "dataDirectory")
                .flatMap(node -> dataDirectory(node, Problems.field(field, "dataDirectory"), hasDatabase, problems))
                .orElse(null);
        List<HealthCheckSpec> checks = present(region, "healthChecks")
                .map(node -> healthChecks(node, Problems.field(field, "healthChecks"), hasDatabase, problems))
                .orElse(List.of());
        RegionDns dns = present(region, "dns").flatMap(node -> dns(node, Problems.field(field, "dns"), problems))
                .orElse(null);
        String fault = present(region, "faultCommand")
                .flatMap(node -> command(node, Problems.field(field, "faultCommand"), problems)).orElse(null);
        String rejoin = present(region, "rejoinCommand")
                .flatMap(node -> command(node, Problems.field(field, "rejoinCommand"), problems)).orElse(null);
        String fence = present(region, "fenceCommand")
                .flatMap(node -> command(node, Problems.field(field, "fenceCommand"), problems)).orElse(null);
        return new Settings(database, dataDirectory, checks, dns, fault, rejoin, fence);
    }

    private static Optional<JsonNode> present(JsonNode mapping, String key) {
        JsonNode node = mapping.get(key);
        return Scalars.absent(node) ? Optional.empty() : Optional.of(node);
    }

    private static boolean validDatabase(String url, String field, Problems problems) {
        Optional<String> problem = PostgresUrls.problem(url);
        if (problem.isPresent()) {
            problems.add(field, problem.get());
            return false;
        }
        String afterScheme = url.substring(url.indexOf("://") + 3);
        int end = afterScheme.indexOf('/');
        String authority = end < 0 ? afterScheme : afterScheme.substring(0, end);
        if (authority.substring(authority.lastIndexOf('@') + 1).contains(",")) {
            problems.add(field, "\"" + url + "\" names several hosts; a region's database is one server (its primary or "
                    + "its standby), e.g. " + PostgresUrls.EXAMPLE);
            return false;
        }
        return true;
    }

    private static Optional<Path> dataDirectory(JsonNode node, String field, boolean hasDatabase, Problems problems) {
        Optional<String> text = Scalars.text(node, field, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(text.get().strip());
        } catch (InvalidPathException e) {
            problems.add(field, "\"" + text.get() + "\" is not a usable path (" + e.getReason() + "); use the absolute "
                    + "path of the server's data directory, e.g. /var/lib/postgresql/15/main");
            return Optional.empty();
        }
        if (!path.isAbsolute()) {
            problems.add(field, "\"" + text.get() + "\" is relative; use the absolute path of the server's data directory, "
                    + "e.g. /var/lib/postgresql/15/main");
            return Optional.empty();
        }
        if (!hasDatabase) {
            problems.add(field, "is set but the region has no database; add database: with the URL of the server in "
                    + "this directory, e.g. database: " + PostgresUrls.EXAMPLE);
            return Optional.empty();
        }
        return Optional.of(path.normalize());
    }

    private static Optional<String> command(JsonNode node, String field, Problems problems) {
        Optional<String> text = Scalars.text(node, field, problems);
        if (text.isPresent() && text.get().isBlank()) {
            problems.add(field, "is blank; write the shell command, or leave the key out");
            return Optional.empty();
        }
        return text.map(String::strip);
    }

    private static List<HealthCheckSpec> healthChecks(JsonNode node, String field, boolean hasDatabase, Problems problems) {
        if (!node.isArray()) {
            problems.add(field, "must be a list of checks, e.g. [ { http: \"https://jenkins.example.com/login\", "
                    + "status: 200 }, { tcp: \"db.internal:5432\" } ], not " + Scalars.kind(node));
            return List.of();
        }
        List<HealthCheckSpec> checks = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            healthCheck(node.get(i), Problems.element(field, i), hasDatabase, problems).ifPresent(checks::add);
        }
        return checks;
    }

    private static Optional<HealthCheckSpec> healthCheck(JsonNode node, String field, boolean hasDatabase,
            Problems problems) {
        if (!node.isObject()) {
            problems.add(field, "must be a mapping with one of http, tcp, postgres, not " + Scalars.kind(node));
            return Optional.empty();
        }
        int before = problems.count();
        Set<String> suggested = CHECK_KEYS.check(node, field, problems);
        List<String> kinds = CHECK_KINDS.stream().filter(kind -> !Scalars.absent(node.get(kind))).toList();
        if (kinds.isEmpty()) {
            if (suggested.stream().noneMatch(CHECK_KINDS::contains)) {
                problems.add(field, "names no check; write one of { http: \"https://jenkins.example.com/login\", "
                        + "status: 200 }, { tcp: \"db.internal:5432\" }, { postgres: \"select 1\" }");
            }
            return Optional.empty();
        }
        if (kinds.size() > 1) {
            problems.add(field, "has both " + kinds.get(0) + " and " + kinds.get(1) + "; write one check per entry");
            return Optional.empty();
        }
        String kind = kinds.get(0);
        String kindField = Problems.field(field, kind);
        if (!kind.equals("http") && !Scalars.absent(node.get("status"))) {
            problems.add(Problems.field(field, "status"), "is only for http checks; remove it");
        }
        Duration timeout = present(node, "timeout")
                .flatMap(value -> Scalars.positiveDuration(value, Problems.field(field, "timeout"), problems, "5s"))
                .orElse(null);
        HealthCheckSpec spec = switch (kind) {
            case "http" -> {
                URI url = Scalars.text(node.get(kind), kindField, problems).flatMap(text -> httpUrl(text, kindField, problems))
                        .orElse(null);
                int status = present(node, "status").flatMap(value -> status(value, Problems.field(field, "status"), problems))
                        .orElse(200);
                yield url == null ? null : new HealthCheckSpec(HealthCheckSpec.Kind.HTTP, url, status, null, 0, null, timeout);
            }
            case "tcp" -> Scalars.text(node.get(kind), kindField, problems)
                    .flatMap(text -> hostAndPort(text.strip(), kindField, problems))
                    .map(hp -> new HealthCheckSpec(HealthCheckSpec.Kind.TCP, null, 0, hp.host(), hp.port(), null, timeout))
                    .orElse(null);
            default -> Scalars.text(node.get(kind), kindField, problems)
                    .filter(query -> query(query, kindField, hasDatabase, problems))
                    .map(query -> new HealthCheckSpec(HealthCheckSpec.Kind.POSTGRES, null, 0, null, 0, query.strip(), timeout))
                    .orElse(null);
        };
        return problems.count() == before ? Optional.ofNullable(spec) : Optional.empty();
    }

    /** The URL is never repeated: health endpoints sometimes carry a token in the query string. */
    private static Optional<URI> httpUrl(String text, String field, Problems problems) {
        URI uri = null;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            // Reported below.
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(field, "is not an http(s) URL with a host; write it like https://jenkins.example.com/login");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static Optional<Integer> status(JsonNode node, String field, Problems problems) {
        Optional<Integer> status = Scalars.integer(node, field, problems);
        if (status.isPresent() && (status.get() < 100 || status.get() > 599)) {
            problems.add(field, status.get() + " is not an HTTP status; use one from 100 to 599, usually 200");
            return Optional.empty();
        }
        return status;
    }

    record HostPort(String host, int port) {
    }

    private static Optional<HostPort> hostAndPort(String text, String field, Problems problems) {
        String host;
        String port;
        if (text.startsWith("[") && text.contains("]:")) {
            host = text.substring(1, text.indexOf(']'));
            port = text.substring(text.indexOf("]:") + 2);
        } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            problems.add(field, "\"" + text + "\" is not host:port; write it like db.internal:5432 ([v6-address]:port "
                    + "for IPv6)");
            return Optional.empty();
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            problems.add(field, "\"" + text + "\" has port \"" + port + "\", but a port is a number from 1 to 65535");
            return Optional.empty();
        }
        return Optional.of(new HostPort(host, Integer.parseInt(port)));
    }

    private static boolean query(String query, String field, boolean hasDatabase, Problems problems) {
        if (query.isBlank()) {
            problems.add(field, "is blank; write a query that returns true on a healthy server, e.g. select 1");
            return false;
        }
        if (!hasDatabase) {
            problems.add(field, "runs on the region's database, but the region has none; add database: "
                    + PostgresUrls.EXAMPLE);
            return false;
        }
        return true;
    }

    private static Optional<RegionDns> dns(JsonNode node, String field, Problems problems) {
        if (!node.isObject()) {
            problems.add(field, "must be a mapping like { provider: rfc2136, zone: example.com, recordName: db, server: "
                    + "ns1.example.com, tsigKeyName: dr, value: 10.1.1.100 }, not " + Scalars.kind(node));
            return Optional.empty();
        }
        int before = problems.count();
        Set<String> suggested = checkDnsKeys(node, field, problems);
        String providerField = Problems.field(field, "provider");
        Optional<DnsProvider> provider = Optional.empty();
        if (Scalars.absent(node.get("provider"))) {
            if (!suggested.contains("provider")) {
                problems.add(providerField, "missing; add provider: with one of " + DnsProvider.allowed());
            }
        } else {
            provider = Scalars.text(node.get("provider"), providerField, problems).flatMap(value -> {
                Optional<DnsProvider> p = DnsProvider.fromYaml(value);
                if (p.isEmpty()) {
                    problems.add(providerField, "\"" + value + "\" is not a DNS provider; use one of " + DnsProvider.allowed());
                }
                return p;
            });
        }
        for (String key : List.of("zone", "recordName", "type", "server", "tsigKeyName", "tsigAlgorithm", "hostedZoneId",
                "endpoint")) {
            present(node, key).ifPresent(value -> Scalars.text(value, Problems.field(field, key), problems));
        }
        long ttl = present(node, "ttl").flatMap(value -> Scalars.integer(value, Problems.field(field, "ttl"), problems))
                .map(Integer::longValue).orElse(DnsSettings.DEFAULT_TTL);
        Duration timeout = present(node, "timeout")
                .flatMap(value -> Scalars.positiveDuration(value, Problems.field(field, "timeout"), problems, "2m"))
                .orElse(null);
        String value = present(node, "value").flatMap(v -> Scalars.text(v, Problems.field(field, "value"), problems))
                .map(String::strip).orElse(null);
        DnsMode mode = present(node, "mode").flatMap(v -> dnsMode(v, Problems.field(field, "mode"), problems))
                .orElse(DnsMode.UPSERT);
        if (provider.isEmpty() || problems.count() != before) {
            return Optional.empty();
        }
        DnsSettings settings = new DnsSettings(provider.get(), text(node, "zone"), text(node, "recordName"), text(node, "type"),
                ttl, text(node, "server"), text(node, "tsigKeyName"), text(node, "tsigAlgorithm"), text(node, "hostedZoneId"),
                timeout, dnsEndpoint(text(node, "endpoint"), Problems.field(field, "endpoint"), problems), mode);
        if (problems.count() != before) {
            return Optional.empty();
        }
        for (String problem : settings.problems()) {
            Matcher m = DNS_PROBLEM.matcher(problem);
            if (m.matches()) {
                problems.add(Problems.field(field, m.group(1)), m.group(2));
            } else {
                problems.add(field, problem);
            }
        }
        if (problems.count() == before && provider.get() != DnsProvider.NONE) {
            checkValue(value, settings.type(), Problems.field(field, "value"), problems);
        }
        return problems.count() == before ? Optional.of(new RegionDns(settings, value)) : Optional.empty();
    }

    private static Optional<DnsMode> dnsMode(JsonNode node, String field, Problems problems) {
        return Scalars.text(node, field, problems).flatMap(text -> {
            Optional<DnsMode> mode = DnsMode.fromYaml(text);
            if (mode.isEmpty()) {
                problems.add(field, "\"" + text + "\" is not a DNS mode; use one of " + DnsMode.allowed()
                        + " (failover-records: a Route 53 failover record pair, set up with dr dns setup-failover-records)");
            }
            return mode;
        });
    }

    private static java.net.URI dnsEndpoint(String text, String field, Problems problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new java.net.URI(text.strip());
        } catch (URISyntaxException e) {
            problems.add(field, "\"" + text + "\" is not a URL: write e.g. https://route53-fips.amazonaws.com");
            return null;
        }
    }

    /** Unknown keys, and a secret written into the file, which gets its own message. */
    private static Set<String> checkDnsKeys(JsonNode node, String field, Problems problems) {
        Set<String> suggested = new java.util.HashSet<>();
        for (java.util.Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (DNS_KEYS.contains(key)) {
                continue;
            }
            if (SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                // Not repeated: the value is the TSIG secret itself.
                problems.add(Problems.field(field, key), "is a secret, and dr.yaml is committed and shown on screens: "
                        + "remove it, give the secret through the " + DnsSettings.TSIG_SECRET_ENV + " environment variable "
                        + "and rotate the key if the file was shared");
            } else {
                problems.add(Problems.field(field, key), AllowedKeys.unknownKeyMessage(key, DNS_KEYS.keys()));
                AllowedKeys.closest(key, DNS_KEYS.keys()).ifPresent(suggested::add);
            }
        }
        return suggested;
    }

    private static void checkValue(String value, String type, String field, Problems problems) {
        if (value == null) {
            problems.add(field, "missing; add value: what the record answers while this region is primary, e.g. "
                    + (type.equals("CNAME") ? "value: jenkins.eu-west-1.example.com" : type.equals("AAAA")
                    ? "value: 2001:db8::10" : "value: 10.1.1.100"));
            return;
        }
        boolean ok = switch (type) {
            case "A" -> IPV4.matcher(value).matches();
            case "AAAA" -> value.contains(":") && value.matches("[0-9A-Fa-f:.]+");
            default -> HOST.matcher(value).matches();
        };
        if (!ok) {
            problems.add(field, "\"" + value + "\" is not " + (type.equals("A") ? "an IPv4 address" : type.equals("AAAA")
                    ? "an IPv6 address" : "a host name") + ", which a " + type + " record needs");
        }
    }

    private static String text(JsonNode mapping, String key) {
        JsonNode node = mapping.get(key);
        return Scalars.absent(node) || !node.isValueNode() ? null : node.asText().strip();
    }
}
