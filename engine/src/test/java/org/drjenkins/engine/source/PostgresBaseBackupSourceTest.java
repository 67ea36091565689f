package org.drjenkins.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.testing.PostgresFixture;
import org.junit.ClassRule;
import org.junit.Test;

/** The base backup source's refusals; backups that succeed are proven by restoring them (PointInTimeRestoreTest). */
public class PostgresBaseBackupSourceTest {

    @ClassRule
    public static final PostgresFixture PG = new PostgresFixture("basebackup-refusals");

    @Test
    public void aServerThatDoesNotArchiveWalIsRefusedBeforeAnythingIsCopied() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PostgresBaseBackupSource source = new PostgresBaseBackupSource("db", PG.cluster().url("postgres"), Optional.empty());

        SourceException refused = catchThrowableOfType(SourceException.class, () -> source.writeTo(out, Progress.NONE));

        assertThat(refused.getMessage()).contains("does not archive WAL (archive_mode = off)", "archive_command = 'dr wal-push",
                "--component db %p'");
        assertThat(out.size()).isZero();
    }

    @Test
    public void anUnreachableServerIsNamedWithoutItsPassword() {
        PgUrl url = PgUrl.parse("postgresql://replicator:s3cret@127.0.0.1:1/app");
        PostgresBaseBackupSource source = new PostgresBaseBackupSource("db", url, Optional.empty());

        SourceException refused = catchThrowableOfType(SourceException.class, () -> source.writeTo(new ByteArrayOutputStream(), Progress.NONE));

        assertThat(refused.getMessage()).startsWith("Cannot connect to postgresql://replicator@127.0.0.1:1/app").doesNotContain("s3cret");
        assertThat(source.artifactName()).isEqualTo("db.base.tar");
    }
}
