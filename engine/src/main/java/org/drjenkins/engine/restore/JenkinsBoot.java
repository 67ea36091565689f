package org.drjenkins.engine.restore;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Jenkins started from a war on a JENKINS_HOME, on 127.0.0.1 and a free port, with nothing that reaches out:
 * no update center, no download service, no usage statistics, no inbound agent port, no setup wizard. Its output goes
 * to a log file beside the home. Started means: its HTTP port answers with something else than 503 ("getting ready")
 * and, when asked for, a file appeared (the report the init script writes once jobs and credentials are loaded).
 */
public final class JenkinsBoot implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos;

    private JenkinsBoot(Process process, int port, Path log, long startedNanos) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts Jenkins; {@code systemProperties} are extra {@code -Dname=value} arguments (e.g. where the report goes).
     *
     * @param work a folder for the log and the unpacked war, outside the home so the home holds only its own files
     */
    public static JenkinsBoot start(Path war, Path home, Path work, List<String> systemProperties) throws IOException {
        int port = freePort();
        Path log = work.resolve("jenkins.log");
        // Winstone empties the webroot when it unpacks the war: its own jars must live elsewhere.
        Path webroot = Files.createDirectories(work.resolve("webroot"));
        Path extracted = Files.createDirectories(work.resolve("winstone"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived boot on two shared cores: C1 and the serial collector start fastest.
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Djenkins.install.runSetupWizard=false", "-Dhudson.model.UpdateCenter.never=true",
                "-Dhudson.model.DownloadService.never=true", "-Dhudson.model.UsageStatistics.disabled=true",
                "-Djenkins.model.Jenkins.slaveAgentPort=-1", "-Djenkins.model.Jenkins.slaveAgentPortEnforce=true",
                "-DJENKINS_HOME=" + home));
        command.addAll(systemProperties.stream().map(p -> "-D" + p).toList());
        command.addAll(List.of("-jar", war.toString(), "--httpListenAddress=127.0.0.1", "--httpPort=" + port,
                "--webroot=" + webroot, "--extractedFilesFolder=" + extracted));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JENKINS_HOME", home.toString());
        long started = System.nanoTime();
        return new JenkinsBoot(builder.start(), port, log, started);
    }

    public int port() {
        return port;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + "/" + path);
    }

    /**
     * Waits until Jenkins answers and {@code ready} exists, at most {@code timeout}.
     *
     * @return the seconds from the process start to then: the boot time
     * @throws IOException naming why it did not start (exited with its last log lines, or the timeout)
     */
    public double awaitStarted(Path ready, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = startedNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Jenkins exited with code " + process.exitValue() + " before it started; its log ends: " + logTail());
            }
            if ((ready == null || Files.exists(ready)) && answers(http)) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            Thread.sleep(250);
        }
        throw new IOException("Jenkins did not start within " + timeout.toSeconds() + " s; its log ends: " + logTail());
    }

    private boolean answers(HttpClient http) throws InterruptedException {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url("login")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() != 503;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** The last lines of Jenkins' log that say something went wrong (or simply the last lines). */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> severe = lines.stream().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                    .filter(l -> l.contains("SEVERE") || l.contains("Exception") || l.contains("Error")).toList();
            List<String> chosen = severe.isEmpty() ? lines : severe;
            return String.join(" | ", chosen.subList(Math.max(0, chosen.size() - 5), chosen.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops Jenkins (SIGTERM, then after a grace period SIGKILL), its child processes first. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
