package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.JenkinsWar;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.Json;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A JENKINS_HOME made by booting the real Jenkins war (a job, a secret-text and a username/password credential created
 * by an init script, the credentials plugins installed), backed up encrypted to the project's S3 server, and proven by
 * booting the war again from the restored copy. One home for the class: each boot takes tens of seconds.
 */
public class JenkinsHomeVerifyByBootTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @ClassRule
    public static final TemporaryFolder CLASS_TEMP = new TemporaryFolder();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static final AgeKeys.KeyPair KEY = AgeKeys.generate();
    private static final String TOKEN = "s3cr3t-token-value-71";
    private static final String PASSWORD = "hunter2-password-93";

    private static Path war;
    private static Path plugins;
    private static Path home;

    @BeforeClass
    public static void makeAHomeByBootingJenkins() throws Exception {
        JenkinsWar jenkins = JenkinsWar.locate();
        war = jenkins.war();
        plugins = jenkins.plugins(CLASS_TEMP.newFolder("plugin-folder").toPath(), "credentials", "plain-credentials");
        home = CLASS_TEMP.newFolder("jenkins_home").toPath();
        Path installed = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> files = Files.list(plugins)) {
            for (Path plugin : files.toList()) {
                Files.copy(plugin, installed.resolve(plugin.getFileName()));
            }
        }
        Path work = CLASS_TEMP.newFolder("setup-boot").toPath();
        Path done = work.resolve("setup-done");
        Path script = Files.createDirectories(home.resolve("init.groovy.d")).resolve("setup.groovy");
        Files.writeString(script, script("setup.groovy"));
        try (JenkinsBoot boot = JenkinsBoot.start(war, home, work, List.of("dr.test.done=" + done))) {
            boot.awaitStarted(done, Duration.ofMinutes(3));
        }
        Files.delete(script);
        // What a live controller also holds, and a backup must leave out.
        Files.createDirectories(home.resolve("workspace/hello-world"));
        Files.writeString(home.resolve("workspace/hello-world/output.bin"), "built");
        Files.createDirectories(home.resolve("logs/tasks"));
        Files.writeString(home.resolve("logs/tasks/cleanup.log"), "log");
    }

    @AfterClass
    public static void noJenkinsIsLeftRunning() {
        assertThat(jenkinsProcessesOn(CLASS_TEMP.getRoot().toPath())).isEmpty();
    }

    @Test
    public void anEncryptedBackupBootsWithItsJobCredentialsAndPluginsAndRecordsTheBootTime() throws Exception {
        DrConfig config = S3.config("components:\n  jenkins: { type: jenkins-home, path: \"" + home + "\", encrypt: true }\n");
        Manifest manifest = backup(config, "jenkins");
        Path workDir = temp.newFolder("work").toPath();

        VerificationRecord record = verify(config, "jenkins", workDir);

        assertThat(entryPaths(manifest)).contains("plugins.txt", "config.xml", "credentials.xml", "jobs/hello-world/config.xml",
                "secrets/master.key", "secrets/hudson.util.Secret").doesNotContain("workspace/hello-world/output.bin", "logs/tasks/cleanup.log");
        assertThat(storedBytes(config, manifest)).startsWith("age-encryption.org/v1".getBytes(StandardCharsets.US_ASCII));
        assertThat(record.failures()).isEmpty();
        assertThat(record.passed()).isTrue();
        assertThat(record.checks()).extracting(c -> c.name() + ": " + c.detail())
                .anySatisfy(c -> assertThat(c).startsWith("Jenkins boots from the restored home: started in "))
                .contains("every job loads: 1 job(s) loaded: hello-world",
                        "every credential decrypts: 2 credential(s) decrypt with the restored keys: api-token (StringCredentialsImpl),"
                                + " deploy-login (UsernamePasswordCredentialsImpl)")
                .anySatisfy(c -> assertThat(c).matches("the plugins listed are the ones installed: [0-9]+ plugin\\(s\\) installed at the listed versions"));
        assertThat(record.phaseSeconds().get(JenkinsHomeVerifier.BOOT)).isPositive().isLessThan(record.rtoSeconds());
        assertThat(Json.toText(record)).doesNotContain(TOKEN, PASSWORD);
        assertThat(VerifyFixtures.entries(workDir)).as("the scratch home is deleted").isEmpty();
        assertThat(jenkinsProcessesOn(workDir)).isEmpty();
    }

    @Test
    public void aHomeWhoseMasterKeyWasReplacedFailsNamingEveryCredentialThatNoLongerDecrypts() throws Exception {
        Path damaged = copyOfTheHome("damaged_home");
        Files.writeString(damaged.resolve("secrets/master.key"), "0".repeat(256));
        DrConfig config = S3.config("components:\n  jenkins: { type: jenkins-home, path: \"" + damaged + "\", encrypt: true }\n");
        backup(config, "jenkins");

        VerificationRecord record = verify(config, "jenkins", temp.newFolder("work").toPath());

        assertThat(record.passed()).isFalse();
        assertThat(record.failedBy()).isEqualTo(VerificationRecord.FailedBy.BACKUP);
        assertThat(record.failures()).containsExactly("check failed: every credential decrypts: "
                + "api-token (StringCredentialsImpl) does not decrypt with the restored keys (secrets/master.key, secrets/hudson.util.Secret); "
                + "deploy-login (UsernamePasswordCredentialsImpl) does not decrypt with the restored keys (secrets/master.key, secrets/hudson.util.Secret)");
        assertThat(Json.toText(record)).doesNotContain(TOKEN, PASSWORD);
    }

    @Test
    public void theManualRestoreScriptOfTheDocsRebuildsAHomeWhoseJenkinsHasTheJobAndDecryptsTheSameCredentials() throws Exception {
        DrConfig config = S3.config("components:\n  jenkins: { type: jenkins-home, path: \"" + home + "\", encrypt: true }\n");
        Manifest manifest = backup(config, "jenkins");
        Path key = temp.newFile("key.txt").toPath();
        Files.writeString(key, KEY.identityFileContent(), StandardCharsets.UTF_8);
        Path fresh = temp.getRoot().toPath().resolve("fresh_home");
        String script = scriptFromTheDocs()
                .replace("OBJECT=s3://BUCKET/jenkins/ID/jenkins.tar.zst.age", "OBJECT=s3://" + config.primary().bucket() + "/" + manifest.artifacts().get(0).key())
                .replace("ENDPOINT=()", "ENDPOINT=(--endpoint-url " + S3.server().endpoint() + ")")
                .replace("KEY=/root/key.txt", "KEY=" + key)
                .replace("JENKINS_HOME=/var/lib/jenkins", "JENKINS_HOME=" + fresh)
                .replace("PLUGIN_FILES=/srv/jenkins-plugins", "PLUGIN_FILES=" + plugins)
                .replace("OWNER=jenkins:jenkins", "OWNER=root:root")
                .replace("set -euo pipefail", "set -euo pipefail\nexport PATH=/usr/bin:/bin AWS_ACCESS_KEY_ID=" + S3.server().accessKeyId()
                        + " AWS_SECRET_ACCESS_KEY=" + S3.server().secretAccessKey() + " AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true");
        Path scriptFile = temp.newFile("restore-jenkins-home.sh").toPath();
        Files.writeString(scriptFile, script);

        Process restore = new ProcessBuilder("bash", scriptFile.toString()).redirectErrorStream(true).start();
        String output = new String(restore.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(restore.waitFor()).as(output).isZero();

        assertThat(bootAndCompare(fresh, "manual-boot")).containsExactly("jobs=hello-world", "api-token=true", "deploy-login=true");
        assertThat(manifest.restoreHint()).contains("| tar -x -p -C /var/lib/jenkins");
    }

    @Test
    public void theRunbooksDrRestoreRebuildsAHomeWhoseJenkinsHasTheJobAndDecryptsTheSameCredentials() throws Exception {
        DrConfig config = S3.config("components:\n  jenkins: { type: jenkins-home, path: \"" + home + "\", encrypt: true }\n");
        backup(config, "jenkins");
        Path fresh = temp.getRoot().toPath().resolve("rebuilt_home");
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.of(KEY.identity()));

        // Runbook step 3, as dr restore --component jenkins --to DIR runs it; then step 2's plugins from plugins.txt.
        RestoreOutcome outcome = new RestoreService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(RestoreRequest.of("jenkins").withTo(fresh), new java.io.ByteArrayOutputStream());
        assertThat(Files.readAllLines(fresh.resolve("plugins.txt"))).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("[a-z0-9-]+:[^:]+"));
        Path installed = Files.createDirectories(fresh.resolve("plugins"));
        try (Stream<Path> files = Files.list(plugins)) {
            for (Path plugin : files.toList()) {
                Files.copy(plugin, installed.resolve(plugin.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        assertThat(Files.readAllBytes(fresh.resolve("secrets/master.key"))).isEqualTo(Files.readAllBytes(home.resolve("secrets/master.key")));
        assertThat(outcome.written()).isTrue();
        assertThat(Json.toText(outcome.record())).doesNotContain(TOKEN, PASSWORD);
        assertThat(bootAndCompare(fresh, "runbook-boot")).containsExactly("jobs=hello-world", "api-token=true", "deploy-login=true");
    }
    /**
     * Boots the real war from a rebuilt home and reports, from inside Jenkins, its jobs and whether each credential
     * decrypted to what was stored (so no secret leaves it).
     */
    private List<String> bootAndCompare(Path fresh, String workName) throws Exception {
        Path work = temp.newFolder(workName).toPath();
        Path report = work.resolve("secrets-match.txt");
        Files.createDirectories(fresh.resolve("init.groovy.d"));
        // Compares inside Jenkins, so no secret leaves it: only whether each credential decrypted to what was stored.
        Files.writeString(fresh.resolve("init.groovy.d/compare.groovy"), script("compare.groovy"));
        try (JenkinsBoot boot = JenkinsBoot.start(war, fresh, work, List.of("dr.test.report=" + report))) {
            boot.awaitStarted(report, Duration.ofMinutes(3));
        }

        return Files.readAllLines(report);
    }

    /**
     * A Groovy init script of plugin/src/test/jenkins-init (Jenkins-side code, kept out of the engine's tree) with the
     * test's token and password in place of its two {@code %s}.
     */
    private static String script(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(JenkinsHomeVerifyByBootTest.class.getResourceAsStream(name), name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.substring(text.indexOf("\nimport ") + 1).formatted(TOKEN, PASSWORD);
        }
    }

    /** The block of docs/manual-restore.md marked restore-jenkins-home.sh. */
    private static String scriptFromTheDocs() throws Exception {
        Path docs = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && docs == null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/manual-restore.md"))) {
                docs = dir.resolve("docs/manual-restore.md");
            }
        }
        String text = Files.readString(java.util.Objects.requireNonNull(docs, "docs/manual-restore.md"));
        int marker = text.indexOf("<!-- restore-jenkins-home.sh");
        int start = text.indexOf("```bash\n", marker) + "```bash\n".length();
        return text.substring(start, text.indexOf("```", start));
    }

    private static Manifest backup(DrConfig config, String component) {
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(KEY.recipient()), Optional.empty());
        return new BackupService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5))
                .run(BackupRequest.of(component)).manifest();
    }

    private static VerificationRecord verify(DrConfig config, String component, Path workDir) {
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.of(KEY.identity()));
        return new VerifyRestoreService(config, secrets, S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(new VerifyRequest(component, "latest", Optional.empty(), false, false, Optional.of(workDir))
                        .withJenkins(Optional.of(war), Optional.of(plugins))).record();
    }

    private static byte[] storedBytes(DrConfig config, Manifest manifest) throws Exception {
        try (ObjectStore store = S3.open(config.primary()); var in = store.open(manifest.artifacts().get(0).key())) {
            return in.readNBytes(64);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> entryPaths(Manifest manifest) {
        return ((List<Map<String, Object>>) manifest.source().get("entries")).stream().map(e -> e.get("path")).toList();
    }

    private Path copyOfTheHome(String name) throws Exception {
        Path copy = temp.newFolder(name).toPath();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path source : all.toList()) {
                Path target = copy.resolve(home.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    private static List<String> jenkinsProcessesOn(Path dir) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("-DJENKINS_HOME=" + dir)).toList();
    }
}
