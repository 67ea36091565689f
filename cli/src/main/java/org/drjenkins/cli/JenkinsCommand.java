package org.drjenkins.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "jenkins", header = "A real Jenkins with this plugin, a database, a store and a ready job.", sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {"Starts the real Jenkins war on 127.0.0.1 with plugin/target/disaster-recovery.hpi installed, security on",
                "(user admin, a random one-time password, printed), a local S3-compatible store in this process, a throwaway",
                "PostgreSQL with a small shop database, the credentials and the Disaster Recovery configuration set up, and",
                "a pipeline job that backs up the database and a config tree and verifies both. Ctrl-C stops and removes all",
                "of it. --smoke runs the job instead, checks the plugin and its pages, and exits 0 (SUCCESS) or 1."})
final class JenkinsCommand implements Callable<Integer> {
    static final String PLUGIN = "disaster-recovery";
    static final String PRIMARY_BUCKET = "dr-jenkins-use1";
    static final String SECONDARY_BUCKET = "dr-jenkins-euw1";

    @Option(names = "--port", paramLabel = "PORT", description = "Jenkins' HTTP port on 127.0.0.1. Default: a free one.")
    int port;

    @Option(names = "--keep", description = "Keep the temp directory (JENKINS_HOME, Jenkins' log, the store's files) on exit.")
    boolean keep;

    @Option(names = "--smoke", description = "Run the job (see --builds), wait for SUCCESS, check the plugin loaded cleanly and its pages render, print the result and exit 0/1.")
    boolean smoke;

    @Option(names = "--builds", paramLabel = "N", description = "Run the job N times, one after the other, once Jenkins is up (default: 1 with --smoke, else 0).")
    Integer builds;

    @Option(names = "--insecure-read", description = "Also let anonymous users read (jobs, builds, their Disaster Recovery pages). Administration still needs the admin.")
    boolean insecureRead;

    @Option(names = "--hpi", paramLabel = "FILE", description = "The plugin to install. Default: plugin/target/disaster-recovery.hpi of this checkout.")
    Path hpi;

    @Option(names = "--runtime", paramLabel = "DIR", description = "A directory with jenkins.war and plugins/*.jpi. Default: laid out by ../shared/jenkins/runtime.sh, else the plugin build's copies.")
    Path runtimeDir;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Bound on Jenkins' start and on each build. Default: ${DEFAULT-VALUE}.")
    String timeoutText;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Duration timeout = DurationOption.positive("--timeout", timeoutText).orElseThrow();
        Path root = DemoArchiving.runningJar().flatMap(JenkinsRuntime::repoRootOf).orElse(Path.of("").toAbsolutePath());
        Path plugin = hpi != null ? hpi : root.resolve("plugin/target/" + PLUGIN + ".hpi");
        if (!Files.isRegularFile(plugin)) {
            throw new InvalidRequestException(plugin + " does not exist: build it with ./mvnw -B -q -pl plugin -am package -DskipTests");
        }
        // Others may pass through (no listing): the postgres OS user runs the verifications' scratch clusters below it.
        Path scratch = Files.createTempDirectory("dr-jenkins-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        JenkinsSession session = new JenkinsSession(scratch, keep, out);
        Thread hook = new Thread(session::close, "dr-jenkins-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(out, root, plugin, scratch, session, timeout);
        } finally {
            session.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already.
            }
        }
    }

    private int run(PrintWriter out, Path root, Path plugin, Path scratch, JenkinsSession session, Duration timeout) throws Exception {
        JenkinsRuntime runtime = runtimeDir != null ? JenkinsRuntime.of(runtimeDir) : JenkinsRuntime.locate(root, scratch);
        out.println("dr jenkins: Jenkins " + JenkinsRuntime.WAR_VERSION + " with " + plugin.toAbsolutePath() + " and "
                + runtime.plugins.size() + " plugins from " + runtime.origin);
        LocalS3Server s3 = session.store(LocalS3Server.start(scratch.resolve("s3"), "127.0.0.1", 0));
        for (String bucket : List.of(PRIMARY_BUCKET, SECONDARY_BUCKET)) {
            try (ObjectStore store = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, bucket, s3.endpoint()), s3.credentials())) {
                store.createBucketIfMissing();
            }
        }
        out.println("    local S3 store at " + s3.endpoint() + " (buckets " + PRIMARY_BUCKET + ", " + SECONDARY_BUCKET + ")");
        LocalCluster cluster = session.database(LocalCluster.ephemeral("dr-jenkins"));
        DemoFixtures.createDatabase(cluster);
        out.println("    PostgreSQL on 127.0.0.1:" + cluster.port() + ", database " + DemoFixtures.DATABASE + " (2,000 customers, 10,000 orders)");
        Path tree = DemoFixtures.createConfigTree(scratch);
        AgeKeys.KeyPair key = AgeKeys.generate();
        JenkinsSetup setup = new JenkinsSetup().set("s3Endpoint", s3.endpoint().toString())
                .set("s3AccessKeyId", s3.accessKeyId()).set("s3SecretAccessKey", s3.secretAccessKey())
                .set("primaryBucket", PRIMARY_BUCKET).set("secondaryBucket", SECONDARY_BUCKET)
                .set("databaseUrl", cluster.url(DemoFixtures.DATABASE).toString()).set("configurationPath", tree.toString())
                .set("ageRecipient", key.recipient()).set("ageIdentity", key.identity())
                .set("anonymousRead", Boolean.toString(insecureRead));
        Path home = scratch.resolve("home");
        runtime.install(home, plugin);
        setup.writeInto(home);

        int httpPort = port != 0 ? port : LocalCluster.freePort();
        URI url = URI.create("http://127.0.0.1:" + httpPort + "/");
        Path log = scratch.resolve("jenkins.log");
        out.println("    Jenkins starting at " + url + " (its log: " + log + ")");
        out.flush();
        long started = System.nanoTime();
        Process jenkins = session.jenkins(startJenkins(runtime.war, home, scratch, httpPort, log));
        JenkinsHttp http = new JenkinsHttp(url, JenkinsSetup.ADMIN, setup.adminPassword());
        JenkinsChecks checks = new JenkinsChecks(http, out, log);
        if (!checks.awaitUp(jenkins, timeout)) {
            out.println("Jenkins did not come up within " + timeoutText + "; the end of its log:");
            checks.printLogTail(40);
            return ExitCodes.FAILED;
        }
        out.printf("    up in %ds%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        boolean healthy = checks.pluginLoadedCleanly();
        out.println();
        out.println("URL:      " + url);
        out.println("user:     " + JenkinsSetup.ADMIN);
        out.println("password: " + setup.adminPassword() + "   (one-time: this Jenkins is removed on exit)");
        out.println("job:      " + url + "job/" + JenkinsSetup.JOB + "/");
        out.println();
        out.flush();
        List<String> secrets = List.of(s3.secretAccessKey(), key.identity(), setup.databasePassword(), setup.adminPassword());
        int runs = builds != null ? builds : smoke ? 1 : 0;
        boolean passed = healthy;
        for (int n = 1; n <= runs; n++) {
            passed &= checks.runJob(JenkinsSetup.JOB, n, timeout, secrets);
        }
        if (smoke) {
            passed &= runs == 0 || checks.pagesRender(JenkinsSetup.JOB, runs);
            out.println(passed ? "SMOKE PASSED" : "SMOKE FAILED");
            out.flush();
            return passed ? ExitCodes.OK : ExitCodes.FAILED;
        }
        out.println("Ctrl-C stops Jenkins, PostgreSQL and the store" + (keep ? " (and keeps " + scratch + ")" : " and removes " + scratch));
        out.flush();
        jenkins.waitFor();
        if (session.closing()) {
            return ExitCodes.OK;
        }
        out.println("Jenkins exited (" + jenkins.exitValue() + "); the end of its log:");
        checks.printLogTail(20);
        return ExitCodes.FAILED;
    }

    private static Process startJenkins(Path war, Path home, Path scratch, int port, Path log) throws IOException {
        Path tmp = Files.createDirectories(scratch.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(javaBinary(),
                // Start-up (class loading, Groovy, Jelly) is most of what this Jenkins does: C1 only and a serial GC
                // start it in about two thirds of the time on two cores, and the demo's backups are small.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx1g", "-Djava.awt.headless=true",
                "-Djava.io.tmpdir=" + tmp,
                "-Djenkins.install.runSetupWizard=false", "-Dhudson.model.UpdateCenter.never=true",
                "-Dhudson.model.DownloadService.never=true",
                // No inbound-agent TCP port: this Jenkins listens on its HTTP port only.
                "-Djenkins.model.Jenkins.slaveAgentPort=-1",
                "-jar", war.toString(), "--httpListenAddress=127.0.0.1", "--httpPort=" + port,
                "--webroot=" + scratch.resolve("war"));
        builder.environment().put("JENKINS_HOME", home.toString());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
