package org.drjenkins.engine.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One region of the plan: where its backups live and, for failover, which server it runs and how to reach, check,
 * break and rebuild it.
 *
 * @param name          the region name, e.g. {@code us-east-1}; also the S3 signing region
 * @param role          primary, secondary or tertiary
 * @param bucket        the bucket holding this region's copy of every backup
 * @param endpoint      an S3-compatible endpoint (MinIO, Ceph, {@code dr serve-s3}); {@code null} for AWS itself
 * @param database      {@code postgresql://user@host:port/db} of this region's server (the primary, or a streaming
 *                      standby); {@code null} when the region takes no part in failover
 * @param dataDirectory the server's data directory when it runs on the machine running {@code dr} (so the engine can
 *                      stop, start and rebuild it); {@code null} otherwise
 * @param healthChecks  how to tell the region is healthy; empty means its database answering {@code select 1}
 * @param dns           the record to point at this region when it becomes primary; {@code null} for no DNS switch
 * @param faultCommand  shell command a drill runs to break this region when the engine cannot stop it itself
 * @param rejoinCommand shell command that makes this region's server a standby of the new primary after a failover,
 *                      when the engine cannot rebuild it itself
 * @param fenceCommand  shell command that makes sure this region's server takes no more writes when a failover away
 *                      from it begins (STONITH: stop the VM, detach the volume, revoke the security group); the
 *                      strongest fence, preferred to stopping a local server or refusing connections
 */
public record Region(String name, Role role, String bucket, URI endpoint, String database, Path dataDirectory,
        List<HealthCheckSpec> healthChecks, RegionDns dns, String faultCommand, String rejoinCommand,
        String fenceCommand) {

    public Region {
        healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
    }

    /** Without a fenceCommand. */
    public Region(String name, Role role, String bucket, URI endpoint, String database, Path dataDirectory,
            List<HealthCheckSpec> healthChecks, RegionDns dns, String faultCommand, String rejoinCommand) {
        this(name, role, bucket, endpoint, database, dataDirectory, healthChecks, dns, faultCommand, rejoinCommand, null);
    }

    /** A region that only holds backups. */
    public Region(String name, Role role, String bucket, URI endpoint) {
        this(name, role, bucket, endpoint, null, null, List.of(), null, null, null, null);
    }

    public boolean isPrimary() {
        return role == Role.PRIMARY;
    }

    public Optional<String> databaseUrl() {
        return Optional.ofNullable(database);
    }

    public Optional<Path> localDataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    public Optional<RegionDns> dnsRecord() {
        return Optional.ofNullable(dns);
    }

    /** The same region with failover settings, for tests and the configuration page. */
    public Region withFailover(String newDatabase, Path newDataDirectory, List<HealthCheckSpec> newChecks, RegionDns newDns,
            String newFaultCommand, String newRejoinCommand) {
        return new Region(name, role, bucket, endpoint, newDatabase, newDataDirectory, newChecks, newDns, newFaultCommand,
                newRejoinCommand, fenceCommand);
    }
}
