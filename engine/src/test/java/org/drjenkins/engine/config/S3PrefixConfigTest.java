package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.OptionalInt;

import org.junit.Test;

/** The settings of an s3-prefix component (static assets) as dr.yaml writes them. */
public class S3PrefixConfigTest {

    @Test
    public void everySettingIsRead() {
        DrConfig config = ConfigLoader.parse("""
                components:
                  static-assets:
                    type: s3-prefix
                    bucket: ci-failure-agent-assets
                    prefix: static/
                    endpoint: http://127.0.0.1:9000
                    sample: 200
                    healthCheck: { http: "https://d111111abcdef8.cloudfront.net/static/index.html", expectedStatus: 204 }
                """, "test");

        Component assets = config.component("static-assets").orElseThrow();
        assertThat(assets.type()).isEqualTo(ComponentType.S3_PREFIX);
        assertThat(assets.s3Prefix()).isEqualTo(new S3PrefixSpec("ci-failure-agent-assets", "static/",
                URI.create("http://127.0.0.1:9000"), OptionalInt.of(200),
                HealthCheckSpec.http(URI.create("https://d111111abcdef8.cloudfront.net/static/index.html"), 204)));
        assertThat(config.targetsFor("static-assets").rto()).hasSeconds(30);
    }

    @Test
    public void sampleAllReadsEveryObjectAndPrefixDefaultsToTheWholeBucket() {
        Component assets = ConfigLoader.parse("components:\n  assets: { type: s3-prefix, bucket: b-assets, sample: all }\n",
                "test").component("assets").orElseThrow();

        assertThat(assets.s3Prefix().sample()).hasValue(Integer.MAX_VALUE);
        assertThat(assets.s3Prefix().prefix()).isEmpty();
        assertThat(assets.s3Prefix().cdnCheck()).isEmpty();
    }

    @Test
    public void aMissingBucketEncryptionAndABadSampleAreRefusedNamingTheField() {
        assertThat(ConfigLoader.problems("""
                components:
                  assets: { type: s3-prefix, encrypt: true, sample: 0, healthCheck: { http: "ftp://cdn" } }
                """)).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("components.assets.bucket: missing"))
                .anySatisfy(p -> assertThat(p).startsWith("components.assets.encrypt: is not used by an s3-prefix component"))
                .anySatisfy(p -> assertThat(p).startsWith("components.assets.sample: 0 reads nothing back"))
                .anySatisfy(p -> assertThat(p).startsWith("components.assets.healthCheck.http: is not an http(s) URL"));
    }

    @Test
    public void aPathOnAnS3PrefixComponentIsNamedAsAnotherTypesKey() {
        assertThat(ConfigLoader.problems("components:\n  assets: { type: s3-prefix, bucket: b-assets, path: /srv }\n"))
                .extracting(ConfigProblem::toString).singleElement()
                .satisfies(p -> assertThat(p).startsWith("components.assets.path: is not used by a s3-prefix component"));
    }
}
