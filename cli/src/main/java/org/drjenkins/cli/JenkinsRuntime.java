package org.drjenkins.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * Where a real Jenkins comes from: a directory holding {@code jenkins.war} and {@code plugins/*.jpi}. On our machines
 * {@code ../shared/jenkins/runtime.sh} (beside the checkout) lays one out; elsewhere the copies that the plugin build
 * leaves behind serve: the war that jenkins-test-harness resolved into the local Maven repository and the plugins of
 * {@code plugin/target/test-classes/test-dependencies/} (the plugin's test dependencies, which include Pipeline).
 */
final class JenkinsRuntime {
    static final String WAR_VERSION = "2.479.3";

    final Path war;
    final List<Path> plugins;
    final String origin;

    private JenkinsRuntime(Path war, List<Path> plugins, String origin) {
        this.war = war;
        this.plugins = plugins;
        this.origin = origin;
    }

    /** A directory with {@code jenkins.war} and {@code plugins/} (what runtime.sh writes). */
    static JenkinsRuntime of(Path dir) throws IOException {
        Path war = dir.resolve("jenkins.war");
        if (!Files.isRegularFile(war)) {
            throw new InvalidRequestException(dir + " has no jenkins.war");
        }
        return new JenkinsRuntime(war, pluginsIn(dir.resolve("plugins")), dir.toString());
    }

    /** Finds a runtime for the checkout at {@code repoRoot}, laying it out in {@code scratch} when runtime.sh exists. */
    static JenkinsRuntime locate(Path repoRoot, Path scratch) throws IOException, InterruptedException {
        Path script = repoRoot.resolve("../shared/jenkins/runtime.sh").normalize();
        if (Files.isRegularFile(script)) {
            Path dir = scratch.resolve("runtime");
            Process process = new ProcessBuilder("bash", script.toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(scratch.resolve("runtime.log").toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " failed: see " + scratch.resolve("runtime.log"));
            }
            JenkinsRuntime laidOut = of(dir);
            return new JenkinsRuntime(laidOut.war, laidOut.plugins, script.toString());
        }
        Path testPlugins = repoRoot.resolve("plugin/target/test-classes/test-dependencies");
        Path war = Path.of(System.getProperty("user.home"), ".m2/repository/org/jenkins-ci/main/jenkins-war", WAR_VERSION,
                "jenkins-war-" + WAR_VERSION + ".war");
        if (Files.isRegularFile(war) && Files.isDirectory(testPlugins)) {
            return new JenkinsRuntime(war, pluginsIn(testPlugins), war + " and " + testPlugins);
        }
        throw new IllegalStateException("no Jenkins to run: neither " + script + " nor " + war + " with " + testPlugins
                + " (./mvnw -B -pl plugin -am test-compile leaves the latter two); or pass --runtime DIR");
    }

    private static List<Path> pluginsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidRequestException(dir + " is not a directory of plugins");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jpi") || f.toString().endsWith(".hpi"))
                    // The harness lays this very plugin out too; the .hpi under test replaces it.
                    .filter(f -> !baseName(f).equals(JenkinsCommand.PLUGIN))
                    .sorted().toList();
        }
    }

    /** Copies the plugins and the .hpi under test into {@code home/plugins}, each as NAME.jpi. */
    void install(Path home, Path hpi) throws IOException {
        Path dir = Files.createDirectories(home.resolve("plugins"));
        for (Path plugin : plugins) {
            Files.copy(plugin, dir.resolve(baseName(plugin) + ".jpi"));
        }
        Files.copy(hpi, dir.resolve(JenkinsCommand.PLUGIN + ".jpi"));
    }

    static Optional<Path> repoRootOf(Path jar) {
        // cli/target/dr.jar → the checkout
        Path target = jar.toAbsolutePath().getParent();
        Path root = target == null || target.getParent() == null ? null : target.getParent().getParent();
        return root != null && Files.isDirectory(root.resolve("plugin")) ? Optional.of(root) : Optional.empty();
    }

    private static String baseName(Path plugin) {
        String name = plugin.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
