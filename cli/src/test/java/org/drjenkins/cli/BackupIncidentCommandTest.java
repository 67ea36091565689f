package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.incident.IncidentRecord;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.TempFiles;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code dr backup} as cron runs it, its own process with PGPASSWORD from the environment, against real PostgreSQL 15
 * (password authentication) and the project's S3 server: a wrong password fails the backup, which opens a high
 * incident in the bucket and posts its alert to the plan's webhook (a local HTTP server that records what it gets);
 * the next backup with the right password resolves it. The password is in no notice and no incident state.
 */
public class BackupIncidentCommandTest {

    private static final String RIGHT = "r1ght-pw-4711";
    private static final String WRONG = "wr0ng-pw-0815";

    private static LocalS3Server s3;
    private static LocalCluster pg;
    private static Path dir;
    private static Path dr;
    private static Path config;
    private static HttpServer webhook;
    private static final List<String> posted = new CopyOnWriteArrayList<>();

    @BeforeClass
    public static void clusterWithPasswordAuthenticationAndAPlanWithAWebhook() throws Exception {
        s3 = LocalS3Server.start();
        try (ObjectStore store = bucket()) {
            store.createBucketIfMissing();
        }
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        pg = LocalCluster.ephemeral("backup-incident");
        pg.execute("postgres", "CREATE ROLE app LOGIN PASSWORD '" + RIGHT + "'");
        pg.execute("postgres", "CREATE DATABASE shop OWNER app");
        // The fixture's own superuser keeps trust; the application's role must give its password over TCP.
        Path hba = pg.dataDir().resolve("pg_hba.conf");
        Files.writeString(hba, "host all app 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
        pg.sql("postgres", "SELECT pg_reload_conf()");
        dir = Files.createTempDirectory("dr-backup-incident-");
        dr = PostgresReadableLauncher.create(dir, Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_REGION", "us-east-1"));
        config = dir.resolve("dr.yaml");
        Files.writeString(config, "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: bi-use1, endpoint: \"" + s3.endpoint() + "\" }\n"
                + "components:\n"
                + "  shop: { type: postgres, url: \"postgresql://app@127.0.0.1:" + pg.port() + "/shop\" }\n"
                + "notifications:\n  service: ci\n  webhooks:\n"
                + "    - { name: incidents, url: \"http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/T0/B0\" }\n");
    }

    @AfterClass
    public static void stopAll() throws Exception {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            if (webhook != null) {
                webhook.stop(0);
            }
            if (s3 != null) {
                s3.close();
            }
            if (dir != null) {
                TempFiles.deleteRecursively(dir);
            }
        }
    }

    private static ObjectStore bucket() {
        return StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "bi-use1", s3.endpoint()), s3.credentials());
    }

    private static int backUp(String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(dr.toString(), "backup", "--config", config.toString(), "--component", "shop",
                "--no-copies").redirectErrorStream(true).redirectOutput(dir.resolve("backup-" + password + ".log").toFile());
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("dr backup ends").isTrue();
        return process.exitValue();
    }

    private static List<IncidentRecord> incidents() {
        try (ObjectStore store = bucket()) {
            return new IncidentStore(store).all();
        }
    }

    @Test
    public void aBackupFailingOnAWrongPasswordPagesAHighIncidentAndTheNextGoodBackupResolvesIt() throws Exception {
        int failed = backUp(WRONG);

        String log = Files.readString(dir.resolve("backup-" + WRONG + ".log"));
        assertThat(failed).as(log).isEqualTo(ExitCodes.FAILED);
        assertThat(log).contains("password authentication failed").doesNotContain(WRONG);
        assertThat(incidents()).singleElement().satisfies(r -> {
            assertThat(r.event()).isEqualTo(IncidentEvent.BACKUP_FAILED);
            assertThat(r.severity()).isEqualTo(Severity.HIGH);
            assertThat(r.subject()).contains("shop");
            assertThat(r.resolved()).isFalse();
        });
        assertThat(posted).as("initial alert and page, before the command exited")
                .anySatisfy(body -> assertThat(body).contains("[INCIDENT] ci - backup of shop failed").contains("high, for incidents"))
                .anySatisfy(body -> assertThat(body).contains("for on-call"));

        assertThat(backUp(RIGHT)).as(Files.readString(dir.resolve("backup-" + RIGHT + ".log"))).isZero();

        assertThat(incidents()).singleElement().satisfies(r -> assertThat(r.resolved()).isTrue());
        assertThat(posted).anySatisfy(body -> assertThat(body).contains("Status: RESOLVED").contains("of shop succeeded"));
        try (ObjectStore store = bucket()) {
            String state = new String(store.getBytes(IncidentStore.stateKey(incidents().get(0).id())).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(state).doesNotContain(WRONG).doesNotContain(RIGHT);
        }
        assertThat(posted).noneMatch(body -> body.contains(WRONG) || body.contains(RIGHT));
    }
}
