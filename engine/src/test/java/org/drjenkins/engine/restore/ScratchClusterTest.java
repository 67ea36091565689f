package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.drjenkins.engine.postgres.LocalCluster;
import org.junit.Test;

/**
 * The cluster a verification restores into trades durability for speed. These settings only help if PostgreSQL
 * really runs with them (wal_level=minimal, for one, refuses to start while WAL senders are allowed).
 */
public class ScratchClusterTest {

    @Test
    public void theScratchClusterRunsWithoutWalDurabilityChecksumsOrAutovacuumAndIsRemovedAfterwards() throws Exception {
        Path root;
        try (LocalCluster cluster = LocalCluster.ephemeral("scratch-settings-test", PostgresComponentRestorer.SCRATCH_CLUSTER)) {
            root = cluster.dataDir().getParent();
            assertThat(cluster.sql("postgres", "select string_agg(name || '=' || setting, ',' order by name) from pg_settings where name in "
                    + "('wal_level','max_wal_senders','fsync','synchronous_commit','full_page_writes','autovacuum','data_checksums')"))
                    .isEqualTo("autovacuum=off,data_checksums=off,fsync=off,full_page_writes=off,max_wal_senders=0,"
                            + "synchronous_commit=off,wal_level=minimal");
            assertThat(cluster.sql("postgres", "select pg_size_bytes(current_setting('maintenance_work_mem')) >= 256 * 1024 * 1024"))
                    .isEqualTo("t");
        }
        assertThat(root).doesNotExist();
    }
}
