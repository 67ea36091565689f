package org.drjenkins.engine.failover.dns;

import org.drjenkins.engine.config.DnsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Switches a record with an RFC 2136 dynamic update, signed with TSIG, sent to the zone's primary server; then reads
 * the record back from that server until it answers the new value.
 */
public final class Rfc2136Switcher implements DnsSwitcher {

    /** Between read-backs: a primary answers its own update at once, a hidden primary's view may lag slightly. */
    private static final Duration READ_BACK_INTERVAL = Duration.ofMillis(200);
    /** Per query, unless the settings' overall timeout is shorter. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final Name zone;
    private final Name name;
    private final int type;
    private final long ttl;
    private final InetSocketAddress server;
    private final String serverText;
    private final Optional<TSIG> tsig;
    private final String keyDescription;
    private final Duration timeout;
    private final Duration queryTimeout;

    /**
     * @param settings   provider rfc2136, validated ({@link DnsSettings#problems()} empty)
     * @param tsigSecret the base64 secret of {@code settings.tsigKeyName()} (as {@code tsig-keygen} prints it); empty
     *                   sends unsigned updates, allowed only when no key name is set
     */
    public Rfc2136Switcher(DnsSettings settings, Optional<String> tsigSecret) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try {
            this.zone = Name.fromString(settings.absoluteZone());
            this.name = Name.fromString(settings.absoluteRecordName());
        } catch (TextParseException e) {
            throw new IllegalArgumentException("dns.zone or dns.recordName is not a valid DNS name: " + e.getMessage(), e);
        }
        this.type = Type.value(settings.type());
        this.ttl = settings.ttl();
        this.timeout = settings.timeout();
        this.queryTimeout = timeout.compareTo(QUERY_TIMEOUT) < 0 ? timeout : QUERY_TIMEOUT;
        this.serverText = settings.server().trim();
        try {
            this.server = new InetSocketAddress(InetAddress.getByName(settings.serverHost()), settings.serverPort());
        } catch (UnknownHostException e) {
            throw new DnsException("DNS server " + serverText + " not found: check dns.server", e);
        }
        this.tsig = tsig(settings, tsigSecret);
        this.keyDescription = settings.tsigKeyName() == null ? "unsigned"
                : "TSIG key " + settings.tsigKeyName() + " " + settings.tsigAlgorithm();
    }

    private static Optional<TSIG> tsig(DnsSettings settings, Optional<String> secret) {
        boolean hasSecret = secret.isPresent() && !secret.get().isBlank();
        if (settings.tsigKeyName() == null) {
            if (hasSecret) {
                throw new IllegalArgumentException("a TSIG secret was given but dns.tsigKeyName is not set: name the key the server's allow-update uses");
            }
            return Optional.empty();
        }
        if (!hasSecret) {
            throw new IllegalArgumentException("dns.tsigKeyName " + settings.tsigKeyName() + " is set but its secret is missing: set "
                    + DnsSettings.TSIG_SECRET_ENV);
        }
        Name algorithm;
        try {
            algorithm = TSIG.algorithmToName(settings.tsigAlgorithm());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dns.tsigAlgorithm '" + settings.tsigAlgorithm()
                    + "' is not supported: use hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224 or hmac-sha1", e);
        }
        byte[] key;
        try {
            // Decoded here because dnsjava turns a bad string into a bare NullPointerException; ours names the variable, never the value.
            key = Base64.getDecoder().decode(secret.get().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DnsSettings.TSIG_SECRET_ENV + " is not a valid base64 TSIG secret (as tsig-keygen prints it)");
        }
        String keyName = settings.tsigKeyName().endsWith(".") ? settings.tsigKeyName() : settings.tsigKeyName() + ".";
        try {
            return Optional.of(new TSIG(algorithm, Name.fromString(keyName), key));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("dns.tsigKeyName '" + settings.tsigKeyName() + "' is not a valid DNS name", e);
        }
    }

    @Override
    public DnsRecord current() {
        Lookup lookup = new Lookup(name, type, DClass.IN);
        // A fresh, unsigned, cache-less resolver: we want what any client asking this server gets now.
        lookup.setResolver(resolver(false));
        lookup.setCache(null);
        lookup.setHostsFileParser(null);
        Record[] answers = lookup.run();
        int result = lookup.getResult();
        if (result == Lookup.HOST_NOT_FOUND || result == Lookup.TYPE_NOT_FOUND) {
            return new DnsRecord(name.toString(), Type.string(type), 0, List.of());
        }
        if (result != Lookup.SUCCESSFUL) {
            throw new DnsException("cannot read " + name + " " + Type.string(type) + " from " + serverText + ": "
                    + lookup.getErrorString() + " (check dns.server and that the server is authoritative for " + zone + ")");
        }
        List<Record> ofType = Arrays.stream(answers).filter(r -> r.getType() == type && r.getName().equals(name)).toList();
        long answeredTtl = ofType.isEmpty() ? 0 : ofType.get(0).getTTL();
        return new DnsRecord(name.toString(), Type.string(type), answeredTtl, ofType.stream().map(Record::rdataToString).toList());
    }

    /**
     * A prerequisite-only update (RFC 2136 section 2.4.1, "RRset exists"), signed like a real one: the server checks the
     * key and its allow-update policy and whether the record exists, and changes nothing.
     */
    @Override
    public String probe() {
        Update update = new Update(zone);
        update.present(name, type);
        Message response;
        try {
            response = resolver(true).send(update);
        } catch (IOException e) {
            throw new DnsException("no answer from DNS server " + serverText + " to a prerequisite-only update of " + name
                    + " " + Type.string(type) + " within " + seconds(queryTimeout) + ": check dns.server and that it is "
                    + "reachable (" + e.getClass().getSimpleName() + ")", e);
        }
        if (response.getRcode() == Rcode.NXRRSET || response.getRcode() == Rcode.NXDOMAIN) {
            throw new DnsException("DNS server " + serverText + " accepts the " + keyDescription + " but " + name + " has no "
                    + Type.string(type) + " record in zone " + zone + ": check dns.recordName and dns.type (the switch "
                    + "would create it)");
        }
        checkRcode(response);
        return "DNS server " + serverText + " accepted a prerequisite-only update of " + name + " " + Type.string(type)
                + " in zone " + zone + " (" + keyDescription + "); the record exists";
    }

    @Override
    public void point(String value) {
        Record wanted = record(value);
        Update update = new Update(zone);
        update.replace(wanted);
        Message response;
        try {
            response = resolver(true).send(update);
        } catch (IOException e) {
            throw new DnsException("no answer from DNS server " + serverText + " to the update of " + name + " " + Type.string(type)
                    + " within " + seconds(queryTimeout) + ": check dns.server and that it is reachable ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        checkRcode(response);
        awaitAnswer(wanted.rdataToString());
    }

    private Record record(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the new value of " + name + " " + Type.string(type) + " is empty");
        }
        String text = value.trim();
        // A failover target is always a full host name; without the dot the zone would be appended to it.
        if (type == Type.CNAME && !text.endsWith(".")) {
            text = text + ".";
        }
        try {
            return Record.fromString(name, type, DClass.IN, ttl, text, zone);
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid " + Type.string(type) + " value for " + name, e);
        }
    }

    private void checkRcode(Message response) {
        int rcode = response.getRcode();
        TSIGRecord responseTsig = response.getTSIG();
        int tsigError = responseTsig == null ? Rcode.NOERROR : responseTsig.getError();
        if (rcode == Rcode.NOERROR && tsigError == Rcode.NOERROR) {
            if (tsig.isPresent() && !response.isVerified()) {
                // Only the key holder can sign: an unsigned "done" did not come from the server we trust.
                throw new DnsException("the answer from " + serverText + " to the signed update of " + name + " " + Type.string(type)
                        + " carries no valid TSIG signature: check that nothing between us and the server rewrites DNS traffic");
            }
            return;
        }
        String code = Rcode.string(rcode) + (tsigError == Rcode.NOERROR ? "" : "/" + Rcode.TSIGstring(tsigError));
        String what = "DNS server " + serverText + " answered " + code + " to the update of " + name + " " + Type.string(type)
                + " (" + keyDescription + "): ";
        // BIND answers NOTAUTH with TSIG error BADSIG (wrong secret) or BADKEY (unknown key name) to a signed update.
        if (tsigError != Rcode.NOERROR || rcode == Rcode.NOTAUTH && tsig.isPresent()) {
            throw new DnsException(what + "TSIG key rejected: check the key name and secret");
        }
        if (rcode == Rcode.REFUSED) {
            throw new DnsException(what + "server refused the update: check allow-update and the key name");
        }
        if (rcode == Rcode.NOTAUTH) {
            throw new DnsException(what + "server is not authoritative for " + zone + ": check dns.zone and that dns.server is its primary");
        }
        if (rcode == Rcode.NOTZONE) {
            throw new DnsException(what + "the record is outside zone " + zone + ": check dns.zone and dns.recordName");
        }
        if (rcode == Rcode.SERVFAIL) {
            throw new DnsException(what + "server failed to apply it: see the DNS server's log (journal writable? zone loaded?)");
        }
        throw new DnsException(what + "update not applied");
    }

    private void awaitAnswer(String expected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        DnsRecord seen;
        while (true) {
            seen = current();
            if (seen.values().size() == 1 && sameData(seen.values().get(0), expected)) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                Thread.sleep(READ_BACK_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException("interrupted while waiting for " + name + " to answer " + expected + " at " + serverText, e);
            }
        }
        throw new DnsException("DNS server " + serverText + " accepted the update but still answers " + seen + " instead of " + expected
                + " after " + seconds(timeout) + ": check that dns.server is the zone's primary");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static boolean sameData(String answered, String expected) {
        // Names compare case-insensitively; addresses are already canonical in presentation form.
        return answered.equalsIgnoreCase(expected);
    }

    private SimpleResolver resolver(boolean signed) {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(queryTimeout);
        if (signed) {
            tsig.ifPresent(resolver::setTSIGKey);
        }
        return resolver;
    }

    @Override
    public String describe() {
        return "RFC 2136 update of " + name + " " + Type.string(type) + " (TTL " + ttl + ") at " + serverText + ", zone " + zone + ", "
                + keyDescription;
    }

    @Override
    public String toString() {
        return describe();
    }
}
