package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads the settings of an {@code s3-prefix} component (the static assets' origin bucket). */
final class S3PrefixReader {

    static final List<String> KEYS = List.of("bucket", "prefix", "endpoint", "sample", "healthCheck");
    private static final AllowedKeys CHECK_KEYS = new AllowedKeys("http", "expectedStatus");

    private S3PrefixReader() {
    }

    static Optional<S3PrefixSpec> read(JsonNode node, String field, Set<String> misspelt, Problems problems) {
        int before = problems.count();
        // Objects are copied as they are (server-side, so the CDN's origin and its copies hold the same bytes):
        // compression or encryption would be silently not applied.
        for (String key : List.of("encrypt", "compression", "level")) {
            if (!Scalars.absent(node.get(key))) {
                problems.add(Problems.field(field, key), "is not used by an s3-prefix component: its objects are copied"
                        + " byte for byte so every region's bucket can serve as the CDN's origin; remove " + key);
            }
        }
        String bucket = null;
        JsonNode bucketNode = node.get("bucket");
        String bucketField = Problems.field(field, "bucket");
        if (Scalars.absent(bucketNode)) {
            if (!misspelt.contains("bucket")) {
                problems.add(bucketField, "missing; add bucket: with the origin bucket behind the CDN, e.g. bucket: "
                        + "ci-failure-agent-assets");
            }
        } else {
            bucket = Scalars.text(bucketNode, bucketField, problems).filter(value -> {
                Optional<String> problem = BucketNames.problem(value);
                problem.ifPresent(reason -> problems.add(bucketField, "\"" + value + "\" is not a valid S3 bucket name: it "
                        + reason + "; " + BucketNames.RULE));
                return problem.isEmpty();
            }).orElse(null);
        }
        String prefix = "";
        if (!Scalars.absent(node.get("prefix"))) {
            String prefixField = Problems.field(field, "prefix");
            prefix = Scalars.text(node.get("prefix"), prefixField, problems).orElse("");
            if (prefix.startsWith("/")) {
                problems.add(prefixField, "\"" + prefix + "\" starts with /, which S3 keys do not; write it like static/");
            }
        }
        URI endpoint = null;
        if (!Scalars.absent(node.get("endpoint"))) {
            endpoint = httpUrl(node.get("endpoint"), Problems.field(field, "endpoint"), "http://127.0.0.1:9000", problems)
                    .orElse(null);
        }
        OptionalInt sample = OptionalInt.empty();
        JsonNode sampleNode = node.get("sample");
        if (!Scalars.absent(sampleNode)) {
            String sampleField = Problems.field(field, "sample");
            if (sampleNode.isTextual() && sampleNode.asText().strip().toLowerCase(Locale.ROOT).equals("all")) {
                sample = OptionalInt.of(Integer.MAX_VALUE);
            } else {
                Optional<Integer> count = Scalars.integer(sampleNode, sampleField, problems);
                if (count.isPresent() && count.get() < 1) {
                    problems.add(sampleField, count.get() + " reads nothing back; write all or a count such as 200");
                } else if (count.isPresent()) {
                    sample = OptionalInt.of(count.get());
                }
            }
        }
        HealthCheckSpec check = null;
        JsonNode checkNode = node.get("healthCheck");
        if (!Scalars.absent(checkNode)) {
            check = healthCheck(checkNode, Problems.field(field, "healthCheck"), problems).orElse(null);
        }
        return problems.count() == before && bucket != null
                ? Optional.of(new S3PrefixSpec(bucket, prefix, endpoint, sample, check)) : Optional.empty();
    }

    private static Optional<HealthCheckSpec> healthCheck(JsonNode node, String field, Problems problems) {
        if (!node.isObject()) {
            problems.add(field, "must be a mapping like { http: https://assets.example.com/index.html }, not "
                    + Scalars.kind(node));
            return Optional.empty();
        }
        CHECK_KEYS.check(node, field, problems);
        if (Scalars.absent(node.get("http"))) {
            problems.add(Problems.field(field, "http"), "missing; add http: with the CDN URL that must answer,"
                    + " e.g. https://d111111abcdef8.cloudfront.net/index.html");
            return Optional.empty();
        }
        Optional<URI> url = httpUrl(node.get("http"), Problems.field(field, "http"),
                "https://d111111abcdef8.cloudfront.net/index.html", problems);
        int status = 200;
        if (!Scalars.absent(node.get("expectedStatus"))) {
            String statusField = Problems.field(field, "expectedStatus");
            Optional<Integer> value = Scalars.integer(node.get("expectedStatus"), statusField, problems);
            if (value.isPresent() && (value.get() < 100 || value.get() > 599)) {
                problems.add(statusField, value.get() + " is not an HTTP status; use one such as 200");
                return Optional.empty();
            }
            status = value.orElse(200);
        }
        int expected = status;
        return url.map(u -> HealthCheckSpec.http(u, expected));
    }

    private static Optional<URI> httpUrl(JsonNode node, String field, String example, Problems problems) {
        Optional<String> text = Scalars.text(node, field, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text.get().strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            // Not repeated: a URL with user info may hold a secret.
            problems.add(field, "is not an http(s) URL with a host (and no credentials); write it like " + example);
            return Optional.empty();
        }
        return Optional.of(uri);
    }
}
