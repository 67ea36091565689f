package io.jenkins.plugins.dr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The packaged {@code .hpi}, exactly as the build made it, in the real Jenkins war (not the harness' exploded war and
 * class path): {@code dr jenkins --smoke} lays out a fresh JENKINS_HOME with it and the runtime plugins, starts
 * Jenkins with security on, and runs a Pipeline job whose {@code drBackup} of a postgres component goes through
 * pgjdbc in the plugin's class loader (what "No suitable driver" broke before) and whose {@code drVerifyRestore}
 * restores it. One run of the smoke for the class; the tests read its output.
 */
public class HpiInRealJenkinsIT {
    /** The whole smoke (lay-out, start, one build, shutdown) must fit the IT's budget of three minutes. */
    private static final long SMOKE_SECONDS = 170;
    private static final Pattern URL = Pattern.compile("^URL:\\s+(http://127\\.0\\.0\\.1:(\\d+)/)$", Pattern.MULTILINE);
    private static final Pattern CLEANED = Pattern.compile("^cleaned up: .* (/\\S+) deleted$", Pattern.MULTILINE);

    private static String output;
    private static int exitCode;

    @BeforeClass
    public static void runTheSmoke() throws Exception {
        Path jar = Path.of(System.getProperty("dr.jar", "../cli/target/dr.jar"));
        Path hpi = Path.of(System.getProperty("dr.hpi", "target/disaster-recovery.hpi"));
        assertThat(jar).as("the cli jar (built before the plugin)").isRegularFile();
        assertThat(hpi).as("the packaged plugin").isRegularFile();
        Path log = Files.createTempFile("dr-jenkins-smoke-", ".log");
        Process smoke = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-jar", jar.toString(), "jenkins", "--smoke", "--hpi", hpi.toString(), "--timeout", "2m")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = smoke.waitFor(SMOKE_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            // Its shutdown hook stops Jenkins, PostgreSQL and the store.
            smoke.destroy();
            smoke.waitFor(60, TimeUnit.SECONDS);
            smoke.destroyForcibly();
        }
        output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        System.out.println(output);
        exitCode = finished ? smoke.exitValue() : -1;
        assertThat(finished).as("dr jenkins --smoke finished within %ds:%n%s", SMOKE_SECONDS, output).isTrue();
    }

    @Test
    public void theHpiLoadsInTheRealWarWithNoPluginFailureAndIsActive() {
        assertThat(output).contains("plugin disaster-recovery: active ")
                .contains("Jenkins log: no plugin failure, no SEVERE")
                .contains("init script: security, credentials and configuration set up");
    }

    @Test
    public void aPipelineBacksUpAPostgresDatabaseAndVerifiesItsRestore() {
        assertThat(output).contains("build #1: SUCCESS")
                .containsPattern("evidence: database \\(backup\\)")
                .containsPattern("evidence: database \\(verify\\)")
                .contains("build log: no secret in it");
    }

    @Test
    public void thePluginsPagesRenderInTheRealWar() {
        assertThat(output).contains("page /manage/configure: OK").contains("page /manage/disaster-recovery/: OK")
                .contains("page /job/dr-backup-and-verify/disaster-recovery/: OK")
                .contains("page /job/dr-backup-and-verify/1/: OK");
    }

    @Test
    public void theSmokePassesWithExitCodeZero() {
        assertThat(output).contains("SMOKE PASSED");
        assertThat(exitCode).as(output).isZero();
    }

    @Test
    public void everythingItStartedIsStoppedAndRemoved() throws IOException {
        Matcher cleaned = CLEANED.matcher(output);
        assertThat(cleaned.find()).as(output).isTrue();
        assertThat(output).contains("Jenkins stopped, PostgreSQL removed, store stopped");
        assertThat(Path.of(cleaned.group(1))).doesNotExist();
        Matcher url = URL.matcher(output);
        assertThat(url.find()).as(output).isTrue();
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(url.group(2)))) {
            Assertions.fail("Jenkins still listens at " + URI.create(url.group(1)));
        } catch (ConnectException expected) {
            // nothing listens any more
        }
    }
}
