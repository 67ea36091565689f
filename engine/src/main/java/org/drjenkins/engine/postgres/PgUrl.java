package org.drjenkins.engine.postgres;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection URL as libpq writes it: {@code postgresql://user@host:port/db?param=value} (also
 * {@code postgres://}). Defaults: port 5432, user {@code postgres}, database = the user name (as libpq does), host
 * {@code localhost}.
 * <p>
 * Passwords belong in PGPASSWORD, ~/.pgpass or the plan's secrets, never in the URL. A URL that carries one anyway
 * ({@code user:secret@} or {@code ?password=}) still parses, keeps it in {@link #password()} for connecting, and
 * leaves it out of {@link #toString()}, {@link #libpqUrl()}, {@link #jdbcUrl()} and every error message.
 *
 * @param params   the query parameters (libpq names, e.g. {@code sslmode}) in their order, never {@code password}
 * @param password the password found in the URL itself, normally empty
 */
public record PgUrl(String user, String host, int port, String database, Map<String, String> params,
        Optional<String> password) {

    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_USER = "postgres";

    // Libpq names that pgjdbc spells differently; every other parameter (sslmode, sslrootcert, options...) is shared.
    private static final Map<String, String> JDBC_NAMES = Map.of(
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout");

    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(://[^/@:?]*):.*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("([?&]password=)[^&]*", Pattern.CASE_INSENSITIVE);

    public PgUrl {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("PostgreSQL port must be 1-65535, got " + port);
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
        password = password == null ? Optional.empty() : password;
    }

    /** A URL without parameters or password. */
    public static PgUrl of(String user, String host, int port, String database) {
        return new PgUrl(user, host, port, database, Map.of(), Optional.empty());
    }

    /**
     * Parses {@code postgresql://[user[:password]@][host][:port][/database][?k=v&...]}.
     *
     * @throws IllegalArgumentException with a message that never contains a password
     */
    public static PgUrl parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException("PostgreSQL URL is missing: expected postgresql://user@host:port/db");
        }
        String text = url.trim();
        String rest;
        if (text.regionMatches(true, 0, "postgresql://", 0, 13)) {
            rest = text.substring(13);
        } else if (text.regionMatches(true, 0, "postgres://", 0, 11)) {
            rest = text.substring(11);
        } else {
            throw invalid(text, "it must start with postgresql:// or postgres://");
        }

        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }

        String user = DEFAULT_USER;
        Optional<String> password = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!rawUser.isEmpty()) {
                user = decode(rawUser, text);
            }
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1), text));
            }
        }

        if (rest.contains(",")) {
            throw invalid(text, "several hosts are not supported; name one host");
        }
        String host;
        String portText = "";
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(text, "an IPv6 host needs a closing ]");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(text, "unexpected text after the IPv6 host");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            portText = colon >= 0 ? rest.substring(colon + 1) : "";
        }
        host = host.isEmpty() ? "localhost" : decode(host, text);

        int port = DEFAULT_PORT;
        if (!portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw invalid(text, "the port '" + portText + "' is not a number");
            }
            if (port < 1 || port > 65535) {
                throw invalid(text, "the port must be 1-65535");
            }
        }

        String database = path.isEmpty() ? user : decode(path, text);

        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw invalid(text, "the parameter '" + redactParam(pair) + "' needs a name and a value");
                }
                String key = decode(pair.substring(0, eq), text);
                String value = decode(pair.substring(eq + 1), text);
                if (key.equals("password")) {
                    password = Optional.of(value);
                } else if (key.equals("user")) {
                    user = value;
                } else if (key.equals("dbname")) {
                    database = value;
                } else if (key.equals("host")) {
                    host = value;
                } else if (key.equals("port")) {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw invalid(text, "the port '" + value + "' is not a number");
                    }
                } else {
                    params.put(key, value);
                }
            }
        }
        try {
            return new PgUrl(user, host, port, database, params, password);
        } catch (IllegalArgumentException e) {
            throw invalid(text, e.getMessage());
        }
    }

    /** The same server and credentials, another database (e.g. {@code postgres} for CREATE DATABASE). */
    public PgUrl withDatabase(String otherDatabase) {
        return new PgUrl(user, host, port, otherDatabase, params, password);
    }

    /** {@code jdbc:postgresql://host:port/db?user=...}: never contains a password; pass it as a property. */
    public String jdbcUrl() {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(hostForUrl()).append(':').append(port)
                .append('/').append(formEncode(database)).append("?user=").append(formEncode(user));
        params.forEach((k, v) -> sb.append('&').append(formEncode(JDBC_NAMES.getOrDefault(k, k))).append('=')
                .append(formEncode(v)));
        return sb.toString();
    }

    /** The URL for libpq tools ({@code pg_dump -d}): never contains a password; pass it in PGPASSWORD. */
    public String libpqUrl() {
        StringBuilder sb = new StringBuilder("postgresql://").append(percentEncode(user)).append('@')
                .append(hostForUrl()).append(':').append(port).append('/').append(percentEncode(database));
        if (!params.isEmpty()) {
            StringJoiner joiner = new StringJoiner("&", "?", "");
            params.forEach((k, v) -> joiner.add(percentEncode(k) + "=" + percentEncode(v)));
            sb.append(joiner);
        }
        return sb.toString();
    }

    /** The URL without any password: safe for logs and messages. */
    @Override
    public String toString() {
        return libpqUrl();
    }

    /** Hides a password in URL-like text that could not be parsed, so error messages can quote it. */
    public static String redact(String rawUrl) {
        if (rawUrl == null) {
            return "null";
        }
        String noUserInfoPassword = USERINFO_PASSWORD.matcher(rawUrl).replaceAll("$1:***@");
        return PASSWORD_PARAM.matcher(noUserInfoPassword).replaceAll("$1***");
    }

    private String hostForUrl() {
        return host.contains(":") ? "[" + host + "]" : percentEncode(host);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("Invalid PostgreSQL URL " + redact(text) + ": " + why
                + " (expected postgresql://user@host:port/db)");
    }

    private static String redactParam(String pair) {
        return pair.toLowerCase().startsWith("password") ? "password=***" : pair;
    }

    // pgjdbc decodes the URL with URLDecoder (form encoding: '+' is a space), so it gets URLEncoder's output.
    private static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // Libpq decodes %XX only and takes '+' literally, unlike form encoding: hence this small hand-written pair.
    private static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String decode(String s, String wholeUrl) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw invalid(wholeUrl, "a % must be followed by two hex digits");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                int next = s.indexOf('%', i);
                int end = next < 0 ? s.length() : next;
                byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i = end - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
