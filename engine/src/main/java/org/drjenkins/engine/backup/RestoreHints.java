package org.drjenkins.engine.backup;

import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.Compression;
import org.drjenkins.engine.config.Region;

/**
 * The plain shell pipeline that restores an artifact with standard tools only ({@code aws}, {@code age}, {@code zstd},
 * {@code pg_restore}, {@code tar}), written into every manifest so a backup stays restorable when dr is lost. Run it
 * with {@code set -o pipefail}, so a failed stage fails the pipeline.
 */
final class RestoreHints {

    private RestoreHints() {
    }

    static String forArtifact(Component component, Region region, String key, boolean encrypted) {
        StringBuilder pipeline = new StringBuilder("aws s3 cp s3://").append(region.bucket()).append('/').append(key).append(" -");
        if (region.endpoint() != null) {
            pipeline.append(" --endpoint-url ").append(region.endpoint());
        }
        if (encrypted) {
            pipeline.append(" | age -d -i key.txt");
        }
        if (component.compression() == Compression.ZSTD) {
            pipeline.append(" | zstd -d");
        } else if (component.compression() == Compression.GZIP) {
            pipeline.append(" | gzip -d");
        }
        pipeline.append(switch (component.type()) {
            // --no-acl: grants to roles the new server lacks would make pg_restore exit 1 (docs/manual-restore.md).
            case POSTGRES -> " | pg_restore --no-owner --no-acl -d postgresql://USER@HOST:5432/DATABASE";
            case DIRECTORY -> " | tar -x -p -C /path/to/restore";
            // Then install the war and the plugins of plugins.txt (docs/manual-restore.md, "A JENKINS_HOME").
            case JENKINS_HOME -> " | tar -x -p -C /var/lib/jenkins";
            // The base backup alone is not consistent: recovery replays the archived WAL (docs/pitr.md).
            case POSTGRES_CLUSTER -> " | tar -x -C /path/to/new/datadir  # then recovery.signal and restore_command = 'dr wal-fetch"
                    + " --component " + component.name() + " %f %p' (docs/pitr.md), or without dr docs/manual-restore.md";
            case COMMAND -> " > " + component.name() + ".out";
            case S3_PREFIX -> "";
        });
        return pipeline.toString();
    }
}
