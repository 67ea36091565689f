package io.jenkins.plugins.dr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.drjenkins.engine.config.IncidentEvent;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * drBackup's agent side hands a failed backup to the engine's incident response as dr backup does: the plan's
 * webhook (a local HTTP server recording every post) hears the high incident, its state is in the primary bucket of
 * {@code dr serve-s3}, and the step still fails with its own one line.
 */
public class AgentTaskIncidentsTest {
    private static LocalStore server;
    private static HttpServer webhook;
    private static final List<String> posted = new CopyOnWriteArrayList<>();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @BeforeClass
    public static void startStoreAndWebhook() throws Exception {
        server = LocalStore.start("inc-use1");
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterClass
    public static void stop() {
        if (webhook != null) {
            webhook.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    public void aFailedBackupOnTheAgentOpensAHighIncidentAndTheStepStillFailsWithItsOwnLine() throws Exception {
        Path workspace = temp.newFolder("workspace").toPath();
        Files.writeString(workspace.resolve("dr.yaml"), "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: inc-use1, endpoint: \"" + server.endpoint() + "\" }\n"
                + "components:\n  nightly: { type: command, command: \"exit 3\" }\n"
                + "notifications:\n  service: ci\n  webhooks:\n"
                + "    - { name: incidents, url: \"http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks\" }\n");
        RunConfiguration plan = new RunConfiguration("", RunConfiguration.GLOBAL, "dr.yaml");
        AgentSecrets secrets = new AgentSecrets(server.accessKeyId(), server.secretAccessKey(), null, null, null);
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

        assertThatThrownBy(() -> new BackupTask(plan, secrets, "nightly", true, true)
                .run(workspace, new PrintStream(logBytes, true, StandardCharsets.UTF_8)))
                .isInstanceOf(StepFailure.class).hasMessageStartingWith("drBackup: ");

        try (ObjectStore bucket = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "inc-use1", server.endpoint()),
                server.credentials())) {
            assertThat(new IncidentStore(bucket).all()).singleElement().satisfies(r -> {
                assertThat(r.event()).isEqualTo(IncidentEvent.BACKUP_FAILED);
                assertThat(r.severity()).isEqualTo(Severity.HIGH);
                assertThat(r.subject()).contains("nightly");
            });
        }
        assertThat(posted).anySatisfy(body -> assertThat(body).contains("[INCIDENT] ci - backup of nightly failed"));
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain(server.secretAccessKey());
    }
}
