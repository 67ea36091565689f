package org.drjenkins.engine.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the failover record lives and how to change it. Holds no secret: the TSIG secret comes separately (for example
 * from {@code DR_DNS_TSIG_SECRET}) and AWS credentials from the SDK's provider chain.
 *
 * @param provider      route53, rfc2136 or none
 * @param zone          the zone the record is in ({@code dr.test.}); required for rfc2136, optional for route53 where
 *                      it only serves to complete a relative {@code recordName}
 * @param recordName    the name clients resolve: absolute ({@code db.dr.test.} or {@code db.dr.test}) or relative to
 *                      {@code zone} ({@code db})
 * @param type          A, AAAA or CNAME (default A)
 * @param ttl           seconds (default 60: clients follow a failover within a minute, the plan's DNS RTO)
 * @param server        rfc2136 only: the primary server, {@code host}, {@code host:port} or {@code [v6]:port}
 * @param tsigKeyName   rfc2136 only: the TSIG key name the server's {@code allow-update} names; {@code null} sends
 *                      unsigned updates (servers that allow updates by address)
 * @param tsigAlgorithm rfc2136 only: {@code hmac-sha256} (default), {@code hmac-sha512}, ...
 * @param hostedZoneId  route53 only: {@code Z123...} ({@code /hostedzone/} prefix accepted)
 * @param timeout       how long {@code DnsSwitcher.point} may wait for the change to be live (default 2 minutes)
 * @param endpoint      route53 only: the Route 53 API endpoint to call instead of AWS's global one (a VPC interface
 *                      endpoint, a FIPS endpoint, a test server); {@code null} for AWS's
 * @param mode          how a failover moves the record (default {@link DnsMode#UPSERT});
 *                      {@link DnsMode#FAILOVER_RECORDS} needs route53
 */
public record DnsSettings(DnsProvider provider, String zone, String recordName, String type, long ttl, String server,
        String tsigKeyName, String tsigAlgorithm, String hostedZoneId, Duration timeout, java.net.URI endpoint,
        DnsMode mode) {

    /** In the default mode, upsert. */
    public DnsSettings(DnsProvider provider, String zone, String recordName, String type, long ttl, String server,
            String tsigKeyName, String tsigAlgorithm, String hostedZoneId, Duration timeout, java.net.URI endpoint) {
        this(provider, zone, recordName, type, ttl, server, tsigKeyName, tsigAlgorithm, hostedZoneId, timeout, endpoint,
                DnsMode.UPSERT);
    }

    /** Without an endpoint: AWS's own for route53. */
    public DnsSettings(DnsProvider provider, String zone, String recordName, String type, long ttl, String server,
            String tsigKeyName, String tsigAlgorithm, String hostedZoneId, Duration timeout) {
        this(provider, zone, recordName, type, ttl, server, tsigKeyName, tsigAlgorithm, hostedZoneId, timeout, null);
    }

    public static final String DEFAULT_TYPE = "A";
    public static final long DEFAULT_TTL = 60;
    public static final String DEFAULT_TSIG_ALGORITHM = "hmac-sha256";
    /** Route 53 says changes reach all its servers "generally within 60 seconds": allow twice that. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    /** The environment variable the CLI reads the TSIG secret from. */
    public static final String TSIG_SECRET_ENV = "DR_DNS_TSIG_SECRET";

    private static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME");
    private static final int DEFAULT_DNS_PORT = 53;

    public DnsSettings {
        type = type == null || type.isBlank() ? DEFAULT_TYPE : type.trim().toUpperCase(Locale.ROOT);
        tsigAlgorithm = tsigAlgorithm == null || tsigAlgorithm.isBlank() ? DEFAULT_TSIG_ALGORITHM
                : tsigAlgorithm.trim().toLowerCase(Locale.ROOT);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        tsigKeyName = tsigKeyName == null || tsigKeyName.isBlank() ? null : tsigKeyName.trim();
        mode = mode == null ? DnsMode.UPSERT : mode;
    }

    public static DnsSettings none() {
        return new DnsSettings(DnsProvider.NONE, null, null, null, DEFAULT_TTL, null, null, null, null, null);
    }

    public static DnsSettings rfc2136(String zone, String recordName, String type, long ttl, String server, String tsigKeyName) {
        return new DnsSettings(DnsProvider.RFC2136, zone, recordName, type, ttl, server, tsigKeyName, null, null, null);
    }

    public static DnsSettings route53(String hostedZoneId, String recordName, String type, long ttl) {
        return new DnsSettings(DnsProvider.ROUTE53, null, recordName, type, ttl, null, null, null, hostedZoneId, null);
    }

    public DnsSettings withTimeout(Duration newTimeout) {
        return new DnsSettings(provider, zone, recordName, type, ttl, server, tsigKeyName, tsigAlgorithm, hostedZoneId, newTimeout,
                endpoint, mode);
    }

    public DnsSettings withTsigAlgorithm(String algorithm) {
        return new DnsSettings(provider, zone, recordName, type, ttl, server, tsigKeyName, algorithm, hostedZoneId, timeout,
                endpoint, mode);
    }

    public DnsSettings withZone(String newZone) {
        return new DnsSettings(provider, newZone, recordName, type, ttl, server, tsigKeyName, tsigAlgorithm, hostedZoneId, timeout,
                endpoint, mode);
    }

    public DnsSettings withEndpoint(java.net.URI newEndpoint) {
        return new DnsSettings(provider, zone, recordName, type, ttl, server, tsigKeyName, tsigAlgorithm, hostedZoneId, timeout,
                newEndpoint, mode);
    }

    public DnsSettings withMode(DnsMode newMode) {
        return new DnsSettings(provider, zone, recordName, type, ttl, server, tsigKeyName, tsigAlgorithm, hostedZoneId, timeout,
                endpoint, newMode);
    }

    /** Every mistake at once, one line each, naming the setting and what to put there. Empty when usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (provider == null) {
            problems.add("dns.provider is missing: use one of " + DnsProvider.allowed());
            return problems;
        }
        if (provider == DnsProvider.NONE) {
            return problems;
        }
        if (mode == DnsMode.FAILOVER_RECORDS && provider != DnsProvider.ROUTE53) {
            problems.add("dns.mode failover-records needs provider route53 (a Route 53 failover record pair and health "
                    + "check); with provider " + provider.yamlName() + " use mode: upsert");
        }
        if (isBlank(recordName)) {
            problems.add("dns.recordName is missing: the name clients resolve, e.g. db.example.com");
        }
        if (!TYPES.contains(type)) {
            problems.add("dns.type '" + type + "' is not supported: use A, AAAA or CNAME");
        }
        if (ttl < 0 || ttl > Integer.MAX_VALUE) {
            problems.add("dns.ttl " + ttl + " is out of range: use seconds between 0 and " + Integer.MAX_VALUE + " (60 is usual)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add("dns.timeout must be positive, e.g. 2m");
        }
        if (provider == DnsProvider.RFC2136) {
            if (isBlank(zone)) {
                problems.add("dns.zone is missing: the zone the record is in, e.g. example.com");
            } else if (!isBlank(recordName) && !insideZone(absoluteRecordName(), absoluteZone())) {
                problems.add("dns.recordName " + absoluteRecordName() + " is not inside dns.zone " + absoluteZone());
            }
            if (isBlank(server)) {
                problems.add("dns.server is missing: the primary DNS server as host or host:port");
            } else {
                try {
                    serverPort();
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (endpoint != null && provider != DnsProvider.ROUTE53) {
            problems.add("dns.endpoint is for provider route53 only: remove it (rfc2136 uses dns.server)");
        } else if (endpoint != null && (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme())))) {
            problems.add("dns.endpoint '" + endpoint + "' is not an http(s) URL: write e.g. https://route53-fips.amazonaws.com");
        }
        if (provider == DnsProvider.ROUTE53 && isBlank(hostedZoneId)) {
            problems.add("dns.hostedZoneId is missing: the Route 53 hosted zone id, e.g. Z0123456789ABCDEFGHIJ");
        }
        return problems;
    }

    /** The record name with its trailing dot; a relative name is completed with the zone. */
    public String absoluteRecordName() {
        String name = recordName.trim();
        if (name.endsWith(".")) {
            return name;
        }
        if (isBlank(zone)) {
            return name + ".";
        }
        String bareZone = stripDot(zone.trim());
        String lower = name.toLowerCase(Locale.ROOT);
        String lowerZone = bareZone.toLowerCase(Locale.ROOT);
        if (lower.equals(lowerZone) || lower.endsWith("." + lowerZone)) {
            return name + ".";
        }
        return name + "." + bareZone + ".";
    }

    /** The zone with its trailing dot. */
    public String absoluteZone() {
        return stripDot(zone.trim()) + ".";
    }

    /** The Route 53 hosted zone id without the {@code /hostedzone/} prefix the console and CLI print. */
    public String bareHostedZoneId() {
        String id = hostedZoneId.trim();
        return id.startsWith("/hostedzone/") ? id.substring("/hostedzone/".length()) : id;
    }

    public String serverHost() {
        String s = server.trim();
        if (s.startsWith("[")) {
            return s.substring(1, s.indexOf(']'));
        }
        int colon = s.indexOf(':');
        // More than one colon without brackets is a bare IPv6 address.
        return colon < 0 || s.indexOf(':', colon + 1) >= 0 ? s : s.substring(0, colon);
    }

    public int serverPort() {
        String s = server.trim();
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("dns.server '" + s + "' has no closing ']': write [v6-address]:port");
            }
            port = s.length() > close + 1 && s.charAt(close + 1) == ':' ? s.substring(close + 2) : null;
        } else {
            int colon = s.indexOf(':');
            port = colon < 0 || s.indexOf(':', colon + 1) >= 0 ? null : s.substring(colon + 1);
        }
        if (port == null) {
            return DEFAULT_DNS_PORT;
        }
        try {
            int value = Integer.parseInt(port);
            if (value < 1 || value > 65535) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dns.server '" + s + "' has no valid port: write host or host:port (1-65535)");
        }
    }

    private static boolean insideZone(String name, String zone) {
        String n = name.toLowerCase(Locale.ROOT);
        String z = zone.toLowerCase(Locale.ROOT);
        return n.equals(z) || n.endsWith("." + z);
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
