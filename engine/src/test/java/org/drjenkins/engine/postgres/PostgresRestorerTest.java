package org.drjenkins.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.source.PostgresDumpSource;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PostgresRestorerTest {

    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static LocalCluster cluster;
    private static Path dumpFile;
    private static final PostgresRestorer RESTORER = new PostgresRestorer(locate());

    @BeforeClass
    public static void dumpASmallDatabase() throws Exception {
        cluster = LocalCluster.ephemeral("restorer-test");
        cluster.execute("postgres", "CREATE DATABASE source");
        cluster.execute("source", "CREATE TABLE t (id int PRIMARY KEY, v text);"
                + "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 250) g;"
                + "CREATE TABLE \"Mixed Case\" (x numeric); INSERT INTO \"Mixed Case\" VALUES (1.5), (2.5);"
                + "CREATE ROLE reader; GRANT SELECT ON t TO reader");
        dumpFile = tmp.getRoot().toPath().resolve("source.dump");
        try (OutputStream out = Files.newOutputStream(dumpFile)) {
            new PostgresDumpSource("source", cluster.url("source"), Optional.empty()).writeTo(out, Progress.NONE);
        }
    }

    @AfterClass
    public static void removeCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void restoreCreatesAMissingDatabaseWhateverItsNameAndHoldsTheSameRows() throws Exception {
        PgUrl target = cluster.url("Restored-Copy \"1\"");

        RESTORER.restore(dumpFile, target, Optional.empty(), 2);

        assertThat(RESTORER.rowCounts(target, Optional.empty()))
                .isEqualTo(RESTORER.rowCounts(cluster.url("source"), Optional.empty()))
                .containsExactly(Map.entry("public.Mixed Case", 2L), Map.entry("public.t", 250L));
    }

    @Test
    public void restoreOverExistingTablesStopsAtTheFirstErrorAndNamesIt() throws Exception {
        cluster.execute("postgres", "CREATE DATABASE occupied");
        cluster.execute("occupied", "CREATE TABLE t (other int)");

        assertThatThrownBy(() -> RESTORER.restore(dumpFile, cluster.url("occupied"), Optional.empty(), 1))
                .isInstanceOf(PostgresException.class)
                .hasMessageStartingWith("pg_restore of source.dump into postgresql://postgres@127.0.0.1:")
                .hasMessageContaining("exited 1: ")
                .hasMessageContaining("relation \"t\" already exists")
                .hasMessageNotContaining("Command was");
    }

    @Test
    public void aFileThatIsNoDumpIsRejectedWithPgRestoresReason() throws Exception {
        Path notADump = tmp.newFile("not-a.dump").toPath();
        Files.writeString(notADump, "SELECT 1;\n");

        assertThatThrownBy(() -> RESTORER.restore(notADump, cluster.url("never"), Optional.empty(), 2))
                .isInstanceOf(PostgresException.class)
                .hasMessageContaining("input file does not appear to be a valid archive");
        assertThatThrownBy(() -> RESTORER.restore(tmp.getRoot().toPath().resolve("missing.dump"),
                cluster.url("never"), Optional.empty(), 2))
                .hasMessageContaining("missing.dump: the file does not exist");
    }

    @Test
    public void rowCountsOfAMissingDatabaseNameTheServersReason() {
        assertThatThrownBy(() -> RESTORER.rowCounts(cluster.url("nope"), Optional.empty()))
                .isInstanceOf(PostgresException.class)
                .hasMessageContaining("Cannot count rows in postgresql://postgres@127.0.0.1:")
                .hasMessageContaining("database \"nope\" does not exist");
    }

    private static PgTools locate() {
        try {
            return PgTools.locate();
        } catch (PostgresException e) {
            throw new IllegalStateException(e);
        }
    }
}
