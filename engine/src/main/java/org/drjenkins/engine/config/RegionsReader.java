package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code regions:}: where each copy of the backups lives, in failover order, and (through
 * {@link RegionFailoverReader}) each region's server, checks and DNS record for failover.
 */
final class RegionsReader {

    static final String FIELD = "regions";
    private static final AllowedKeys KEYS = new AllowedKeys("name", "role", "bucket", "endpoint", "database",
            "dataDirectory", "healthChecks", "dns", "faultCommand", "rejoinCommand", "fenceCommand");
    private static final String ROLES = "primary, secondary, tertiary";

    private RegionsReader() {
    }

    /** The regions, or {@code defaults} when {@code regions:} is not in the file at all. */
    static List<Region> read(JsonNode node, List<Region> defaults, Problems problems) {
        if (node == null || node.isMissingNode()) {
            return defaults;
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add(FIELD, (node.isArray() || Scalars.absent(node) ? "is empty" : "must be a list, not " + Scalars.kind(node))
                    + "; list the regions in failover order, exactly one with role: primary");
            return List.of();
        }
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            readRegion(node.get(i), Problems.element(FIELD, i), problems).ifPresent(regions::add);
        }
        checkTogether(node, problems);
        return regions;
    }

    private static Optional<Region> readRegion(JsonNode node, String field, Problems problems) {
        if (!node.isObject()) {
            problems.add(field, "must be a mapping with name, role and bucket, not " + Scalars.kind(node));
            return Optional.empty();
        }
        int before = problems.count();
        Set<String> misspelt = KEYS.check(node, field, problems);
        String name = required(node, field, "name", "the region name, e.g. us-east-1", misspelt, problems)
                .filter(value -> validName(value, Problems.field(field, "name"), problems)).orElse(null);
        Role role = required(node, field, "role", "one of " + ROLES, misspelt, problems)
                .flatMap(value -> checkedRole(value, Problems.field(field, "role"), problems)).orElse(null);
        String bucket = required(node, field, "bucket", "the S3 bucket holding this region's backups", misspelt, problems)
                .filter(value -> validBucket(value, Problems.field(field, "bucket"), problems)).orElse(null);
        URI endpoint = null;
        if (!Scalars.absent(node.get("endpoint"))) {
            String endpointField = Problems.field(field, "endpoint");
            endpoint = Scalars.text(node.get("endpoint"), endpointField, problems)
                    .flatMap(value -> endpoint(value, endpointField, problems)).orElse(null);
        }
        RegionFailoverReader.Settings failover = RegionFailoverReader.read(node, field, problems);
        return problems.count() == before ? Optional.of(new Region(name, role, bucket, endpoint, failover.database(),
                failover.dataDirectory(), failover.healthChecks(), failover.dns(), failover.faultCommand(),
                failover.rejoinCommand(), failover.fenceCommand())) : Optional.empty();
    }

    /** @param misspelt keys already reported as written under a misspelt name: not missing a second time */
    private static Optional<String> required(JsonNode region, String field, String key, String hint,
            Set<String> misspelt, Problems problems) {
        JsonNode value = region.get(key);
        String keyField = Problems.field(field, key);
        if (Scalars.absent(value)) {
            if (!misspelt.contains(key)) {
                problems.add(keyField, "missing; add " + key + ": " + hint);
            }
            return Optional.empty();
        }
        return Scalars.text(value, keyField, problems);
    }

    private static boolean validName(String name, String field, Problems problems) {
        // The name is also the S3 signing region and appears in key paths: keep it to what AWS region names use.
        if (name.matches("[a-z0-9][a-z0-9-]*")) {
            return true;
        }
        problems.add(field, "\"" + name + "\" is not a region name; use lowercase letters, digits and hyphens such as us-east-1");
        return false;
    }

    private static Optional<Role> checkedRole(String value, String field, Problems problems) {
        Optional<Role> role = role(value);
        if (role.isEmpty()) {
            problems.add(field, "\"" + value + "\" is not a role; use one of " + ROLES);
        }
        return role;
    }

    private static Optional<Role> role(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (Role role : Role.values()) {
            if (role.label().equals(wanted)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private static boolean validBucket(String bucket, String field, Problems problems) {
        Optional<String> problem = BucketNames.problem(bucket);
        problem.ifPresent(reason -> problems.add(field,
                "\"" + bucket + "\" is not a valid S3 bucket name: it " + reason + "; " + BucketNames.RULE));
        return problem.isEmpty();
    }

    private static Optional<URI> endpoint(String value, String field, Problems problems) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri != null && uri.getRawUserInfo() != null) {
            // Not repeated: whatever sits before the @ is probably an access key and its secret.
            problems.add(field, "contains credentials before the host; remove them and give S3 keys through the "
                    + "environment or an AWS profile");
            return Optional.empty();
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(field, "\"" + value + "\" is not an http(s) URL with a host; write it like http://127.0.0.1:9000"
                    + " or https://s3.example.com, or leave endpoint out to use AWS S3");
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    /**
     * Rules about the list as a whole: one primary, unique names, one bucket per region. Read from the raw entries, so
     * that a region with a bad bucket still counts as the primary it says it is.
     */
    private static void checkTogether(JsonNode node, Problems problems) {
        Map<String, String> nameOwners = new HashMap<>();
        Map<String, String> bucketOwners = new HashMap<>();
        String primaryField = null;
        boolean everyRoleReadable = true;
        for (int i = 0; i < node.size(); i++) {
            JsonNode region = node.get(i);
            String field = Problems.element(FIELD, i);
            Optional<String> name = rawText(region, "name");
            Optional<String> bucket = rawText(region, "bucket");
            Optional<Role> role = rawText(region, "role").flatMap(RegionsReader::role);
            everyRoleReadable &= role.isPresent();
            if (name.isPresent()) {
                String earlier = nameOwners.putIfAbsent(name.get(), field);
                if (earlier != null) {
                    problems.add(Problems.field(field, "name"), "\"" + name.get() + "\" is already the name of "
                            + earlier + "; each region must have its own name");
                }
            }
            if (bucket.isPresent()) {
                // The same bucket at the same endpoint is one copy, not two: losing it would lose both "regions".
                String place = rawText(region, "endpoint").map(String::strip).orElse("aws") + " " + bucket.get();
                String earlier = bucketOwners.putIfAbsent(place, field);
                if (earlier != null) {
                    problems.add(Problems.field(field, "bucket"), "\"" + bucket.get() + "\" is already the bucket of "
                            + earlier + "; give each region its own bucket, or its copy is no copy");
                }
            }
            if (role.filter(Role.PRIMARY::equals).isPresent()) {
                if (primaryField == null) {
                    primaryField = field;
                } else {
                    problems.add(Problems.field(field, "role"), "\"primary\" again, but " + primaryField
                            + " is already the primary; exactly one region is primary: make this one secondary or tertiary");
                }
            }
        }
        if (primaryField == null && everyRoleReadable) {
            // Skipped when a role is missing or misspelt: that problem is already reported and is probably the primary.
            problems.add(FIELD, "no region has role: primary; mark exactly one region (usually the first) as primary");
        }
    }

    private static Optional<String> rawText(JsonNode region, String key) {
        JsonNode value = region.get(key);
        return Scalars.absent(value) || !value.isValueNode() ? Optional.empty() : Optional.of(value.asText());
    }
}
