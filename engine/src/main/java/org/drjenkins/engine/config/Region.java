package org.drjenkins.engine.config;

import java.net.URI;

/**
 * One region of the plan: where its backups live.
 *
 * @param name     the region name, e.g. {@code us-east-1}; also the S3 signing region
 * @param role     primary, secondary or tertiary
 * @param bucket   the bucket holding this region's copy of every backup
 * @param endpoint an S3-compatible endpoint (MinIO, Ceph, {@code dr serve-s3}); {@code null} for AWS itself
 */
public record Region(String name, Role role, String bucket, URI endpoint) {

    public boolean isPrimary() {
        return role == Role.PRIMARY;
    }
}
