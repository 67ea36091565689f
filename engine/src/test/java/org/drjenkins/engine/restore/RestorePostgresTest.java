package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.PostgresFixture;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * dr restore of a pg_dump into a real PostgreSQL 15 database: a new database, an existing one refused without
 * replace, one in use refused without confirm and replaced with it, owners kept or dropped on request, and a target
 * that stays as it was when the restore fails.
 */
public class RestorePostgresTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @ClassRule
    public static final PostgresFixture PG = new PostgresFixture("restore-postgres");

    private static DrConfig config;
    private static Manifest backup;

    @BeforeClass
    public static void backUpADatabaseOwnedByAnApplicationRole() throws Exception {
        PG.cluster().execute("postgres", "CREATE ROLE app_owner NOLOGIN");
        PG.cluster().execute("postgres", "CREATE DATABASE shop");
        PG.cluster().execute("shop", "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);"
                + "INSERT INTO users (name) SELECT 'user ' || g FROM generate_series(1, 300) g;"
                + "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id int REFERENCES users, amount numeric(10,2));"
                + "INSERT INTO orders (user_id, amount) SELECT 1 + g % 300, g * 1.25 FROM generate_series(1, 2000) g;"
                + "ALTER TABLE users OWNER TO app_owner");
        config = S3.config("components:\n  shop: { type: postgres, url: \"" + PG.cluster().url("shop") + "\" }\n");
        backup = new BackupService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5))
                .run(BackupRequest.of("shop")).manifest();
    }

    private static Secrets secrets() {
        return new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
    }

    private static RestoreOutcome restore(RestoreRequest request) {
        return new RestoreService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE).run(request, new ByteArrayOutputStream());
    }

    private static String url(String database) {
        return PG.cluster().url(database).toString();
    }

    private static RestoreRequest into(String database) {
        return RestoreRequest.of("shop").withTarget(url(database)).withRoles(false, false, 2);
    }

    @Test
    public void aNewDatabaseIsCreatedWithTheRowsAndOwnersOfTheBackupAndTheRestoreIsRecorded() throws Exception {
        RestoreOutcome outcome = restore(into("shop_copy"));

        assertThat(PG.cluster().sql("shop_copy", "SELECT count(*) FROM users")).isEqualTo("300");
        assertThat(PG.cluster().sql("shop_copy", "SELECT count(*) FROM orders")).isEqualTo("2000");
        assertThat(PG.cluster().sql("shop_copy", "SELECT tableowner FROM pg_tables WHERE tablename = 'users'")).isEqualTo("app_owner");
        assertThat(outcome.record().detail()).contains("pg_restore -j 2", "2 tables, 2300 rows, as the backup recorded");
        assertThat(PG.cluster().sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '%dr_restore%'")).isEqualTo("0");
        try (ObjectStore primary = S3.open(config.primary())) {
            assertThat(new BackupCatalog(primary).restoreHistory("shop", BackupId.parse(backup.backupId()).orElseThrow()))
                    .anySatisfy(r -> assertThat(r.target()).isEqualTo(PG.cluster().url("shop_copy").toString()));
        }
    }

    @Test
    public void withoutOwnerTheRestoringUserOwnsEverything() throws Exception {
        restore(RestoreRequest.of("shop").withTarget(url("shop_noowner")).withRoles(true, true, 1));

        assertThat(PG.cluster().sql("shop_noowner", "SELECT tableowner FROM pg_tables WHERE tablename = 'users'")).isEqualTo("postgres");
    }

    @Test
    public void anExistingDatabaseWithDataIsRefusedWithoutReplaceAndLeftAsItWas() throws Exception {
        PG.cluster().execute("postgres", "CREATE DATABASE shop_existing");
        PG.cluster().execute("shop_existing", "CREATE TABLE keep (x int); INSERT INTO keep VALUES (1)");

        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class, () -> restore(into("shop_existing")));

        assertThat(refused.parameters()).contains(Parameter.TARGET, Parameter.REPLACE);
        assertThat(refused.getMessage()).contains("database shop_existing exists and holds 1 tables");
        assertThat(PG.cluster().sql("shop_existing", "SELECT count(*) FROM keep")).isEqualTo("1");
    }

    @Test
    public void aDatabaseInUseIsRefusedWithoutConfirmAndReplacedWithIt() throws Exception {
        PG.cluster().execute("postgres", "CREATE DATABASE shop_live");
        PG.cluster().execute("shop_live", "CREATE TABLE old_data (x int); INSERT INTO old_data VALUES (1)");
        try (Connection application = PgConnections.open(PG.cluster().url("shop_live"), Optional.empty(), "the-application")) {
            onlyTheApplicationIsConnected("shop_live");
            RestoreRequest replace = into("shop_live").withReplace(true, false);

            InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class, () -> restore(replace));

            assertThat(refused.parameters()).contains(Parameter.CONFIRM);
            assertThat(refused.getMessage()).contains("is in use (1 open connections)");
            assertThat(PG.cluster().sql("shop_live", "SELECT count(*) FROM old_data")).isEqualTo("1");
            assertThat(application.isValid(5)).isTrue();

            restore(replace.withReplace(true, true));

            assertThat(application.isValid(5)).as("the application's session was ended by the swap").isFalse();
        }
        assertThat(PG.cluster().sql("shop_live", "SELECT count(*) FROM users")).isEqualTo("300");
        assertThat(PG.cluster().sql("shop_live", "SELECT count(*) FROM pg_tables WHERE tablename = 'old_data'")).isEqualTo("0");
    }

    /**
     * The setup's own sessions end asynchronously after their client has gone (the backend still shows in
     * pg_stat_activity for a moment): wait for them, so the count the refusal names is the application's alone.
     */
    private static void onlyTheApplicationIsConnected(String database) throws Exception {
        String others = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND application_name <> 'the-application'";
        for (int i = 0; i < 100 && !PG.cluster().sql("postgres", others).equals("0"); i++) {
            Thread.sleep(50);
        }
        assertThat(PG.cluster().sql("postgres", others)).as("sessions left by the setup").isEqualTo("0");
    }

    @Test
    public void aFailingPgRestoreLeavesTheTargetAsItWasAndNoStagingDatabase() throws Exception {
        PG.cluster().execute("postgres", "CREATE DATABASE shop_safe");
        PG.cluster().execute("shop_safe", "CREATE TABLE precious (x int); INSERT INTO precious VALUES (42)");
        // Owners kept, but the role the backup names is gone here: pg_restore stops at the first error.
        PG.cluster().execute("postgres", "CREATE ROLE app_owner_gone NOLOGIN");
        PG.cluster().execute("postgres", "CREATE DATABASE shop_src2");
        PG.cluster().execute("shop_src2", "CREATE TABLE t (x int); ALTER TABLE t OWNER TO app_owner_gone");
        DrConfig other = S3.config("components:\n  shop: { type: postgres, url: \"" + PG.cluster().url("shop_src2") + "\" }\n");
        new BackupService(other, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5)).run(BackupRequest.of("shop"));
        PG.cluster().execute("shop_src2", "DROP TABLE t");
        PG.cluster().execute("postgres", "DROP ROLE app_owner_gone");

        RestoreException failed = catchThrowableOfType(RestoreException.class, () -> new RestoreService(other, secrets(), S3.stores(),
                Clock.systemUTC(), Progress.NONE).run(into("shop_safe").withReplace(true, true), new ByteArrayOutputStream()));

        assertThat(failed.getMessage()).contains("pg_restore", "app_owner_gone", "the target was left as it was");
        assertThat(PG.cluster().sql("shop_safe", "SELECT x FROM precious")).isEqualTo("42");
        assertThat(PG.cluster().sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '%dr_restore%'")).isEqualTo("0");
    }
}
