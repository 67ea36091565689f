package org.drjenkins.engine.config;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an {@code s3-prefix} component copies: the static assets' origin bucket (the one behind the CDN), in the
 * primary region.
 *
 * @param bucket      the origin bucket
 * @param prefix      only keys under this prefix ({@code ""} for the whole bucket)
 * @param endpoint    the origin's S3-compatible endpoint; {@code null} for the primary region's own
 * @param sample      how many objects per region verification re-reads; empty for the default (all of a small
 *                    bucket, see the assets package)
 * @param healthCheck an {@code http} check of the CDN URL, so a drill or verification shows the assets answer;
 *                    {@code null} for none
 */
public record S3PrefixSpec(String bucket, String prefix, URI endpoint, OptionalInt sample, HealthCheckSpec healthCheck) {

    public S3PrefixSpec {
        prefix = prefix == null ? "" : prefix;
        sample = sample == null ? OptionalInt.empty() : sample;
    }

    public Optional<HealthCheckSpec> cdnCheck() {
        return Optional.ofNullable(healthCheck);
    }
}
