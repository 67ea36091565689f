package org.drjenkins.engine.testing;

import java.util.List;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;
import org.junit.rules.ExternalResource;

/**
 * A real S3 protocol server (S3Proxy, in memory, 127.0.0.1, free port) with one bucket per region of a two- or
 * three-region plan. Use as a {@code @ClassRule}; {@link #config(String)} writes a dr.yaml around a components section.
 */
public final class S3Fixture extends ExternalResource {

    public static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-1");

    private LocalS3Server server;
    private int buckets;

    @Override
    protected void before() {
        server = LocalS3Server.start();
    }

    @Override
    protected void after() {
        if (server != null) {
            server.close();
        }
    }

    public LocalS3Server server() {
        return server;
    }

    public StoreProvider stores() {
        return region -> StoreConnector.connect(region, server.credentials());
    }

    /**
     * A configuration with three regions, each with fresh buckets on this server (so tests in one class never see
     * each other's backups), and the given YAML appended (components, targets, thresholds …).
     */
    public DrConfig config(String extraYaml) {
        int n = ++buckets;
        String yaml = "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: use1-" + n + ", endpoint: \"" + server.endpoint() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: euw1-" + n + ", endpoint: \"" + server.endpoint() + "\" }\n"
                + "  - { name: ap-southeast-1, role: tertiary, bucket: apse1-" + n + ", endpoint: \"" + server.endpoint() + "\" }\n"
                + extraYaml;
        DrConfig config = ConfigLoader.parse(yaml, "test dr.yaml");
        for (Region region : config.regions()) {
            try (ObjectStore store = stores().open(region)) {
                store.createBucketIfMissing();
            }
        }
        return config;
    }

    /** Creates buckets on any local server (tests that need a server of their own, e.g. to stop it). */
    public static void createBuckets(LocalS3Server server, String... buckets) {
        for (String bucket : buckets) {
            Region region = new Region("us-east-1", org.drjenkins.engine.config.Role.PRIMARY, bucket, server.endpoint());
            try (ObjectStore store = StoreConnector.connect(region, server.credentials())) {
                store.createBucketIfMissing();
            }
        }
    }

    public ObjectStore open(Region region) {
        return stores().open(region);
    }
}
