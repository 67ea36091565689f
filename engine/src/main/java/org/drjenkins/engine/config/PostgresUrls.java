package org.drjenkins.engine.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Checks a libpq connection URI ({@code postgresql://user@host:5432/db}) the way pg_dump will read it.
 *
 * <p>Hand-parsed because {@link java.net.URI} rejects libpq's multi-host form ({@code postgresql://h1,h2:5433/db}),
 * which is exactly what a standby pair is written as. A password in the URI is refused: dr.yaml is committed and
 * shown on screens, and the engine passes passwords to pg_dump through PGPASSWORD / ~/.pgpass only.
 */
final class PostgresUrls {

    static final String EXAMPLE = "postgresql://user@db.internal:5432/app";

    private PostgresUrls() {
    }

    /** Why {@code url} cannot be used, or empty when it can. Never repeats a URL that holds a password. */
    static Optional<String> problem(String url) {
        if (hasPassword(url)) {
            return Optional.of("contains a password; remove it from the URL (write " + EXAMPLE
                    + ") and give the password to pg_dump through the PGPASSWORD environment variable or ~/.pgpass");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
        } else {
            return Optional.of("\"" + url + "\" does not start with postgresql:// or postgres://; write it like " + EXAMPLE);
        }
        int pathStart = indexOfAny(rest, "/?");
        String authority = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String hosts = authority.substring(authority.lastIndexOf('@') + 1);
        if (hosts.isEmpty()) {
            return Optional.of("\"" + url + "\" has no host; write it like " + EXAMPLE);
        }
        for (String hostAndPort : hosts.split(",", -1)) {
            Optional<String> hostProblem = hostProblem(hostAndPort);
            if (hostProblem.isPresent()) {
                return Optional.of("\"" + url + "\" " + hostProblem.get() + "; write it like " + EXAMPLE);
            }
        }
        String database = "";
        if (pathStart >= 0 && rest.charAt(pathStart) == '/') {
            int queryStart = rest.indexOf('?', pathStart);
            database = rest.substring(pathStart + 1, queryStart < 0 ? rest.length() : queryStart);
        }
        if (database.isBlank()) {
            return Optional.of("\"" + url + "\" names no database; add it after the host, like " + EXAMPLE);
        }
        return Optional.empty();
    }

    /**
     * A password after {@code user:} in the authority, or as a {@code password=} parameter (libpq accepts both, also in
     * its key=value form). Deliberately generous: a false alarm costs an edit, a miss leaks a password.
     */
    private static boolean hasPassword(String url) {
        if (url.toLowerCase(Locale.ROOT).matches("(?s).*\\bpassword\\s*=.*")) {
            return true;
        }
        int schemeEnd = url.indexOf("://");
        String rest = schemeEnd < 0 ? url : url.substring(schemeEnd + 3);
        int at = rest.lastIndexOf('@');
        int pathStart = indexOfAny(rest, "/?");
        if (at < 0 || (pathStart >= 0 && at > pathStart)) {
            return false;
        }
        return rest.substring(0, at).contains(":");
    }

    private static Optional<String> hostProblem(String hostAndPort) {
        String host = hostAndPort;
        String port = null;
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            if (close < 0) {
                return Optional.of("has an IPv6 address without its closing ]");
            }
            host = hostAndPort.substring(1, close);
            String after = hostAndPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                return Optional.of("has text after an IPv6 address");
            }
        } else if (hostAndPort.contains(":")) {
            host = hostAndPort.substring(0, hostAndPort.indexOf(':'));
            port = hostAndPort.substring(hostAndPort.indexOf(':') + 1);
        }
        if (host.isBlank()) {
            return Optional.of("has no host");
        }
        if (port != null && !validPort(port)) {
            return Optional.of("has port \"" + port + "\", but a port is a number from 1 to 65535");
        }
        return Optional.empty();
    }

    private static boolean validPort(String port) {
        if (!port.matches("\\d{1,5}")) {
            return false;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
