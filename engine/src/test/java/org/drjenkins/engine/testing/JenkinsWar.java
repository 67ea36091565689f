package org.drjenkins.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The real Jenkins 2.479.3 war and plugins of {@code ../shared/jenkins} (see its README.md), found by walking up from
 * the working directory. A missing folder fails the test naming it: these tests never pass without a real Jenkins.
 */
public final class JenkinsWar {

    private final Path shared;

    private JenkinsWar(Path shared) {
        this.shared = shared;
    }

    public static JenkinsWar locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/jenkins");
            if (Files.isDirectory(candidate.resolve("repo"))) {
                return new JenkinsWar(candidate);
            }
        }
        throw new IllegalStateException("no ../shared/jenkins (the real Jenkins war and plugins) above " + Path.of("").toAbsolutePath());
    }

    public Path war() throws IOException {
        try (Stream<Path> wars = Files.walk(shared.resolve("repo/org/jenkins-ci/main/jenkins-war"))) {
            return wars.filter(p -> p.getFileName().toString().matches("jenkins-war-.*\\.war")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Lays out {@code dir/NAME.jpi} for the plugins named and their mandatory dependencies (from their manifests). */
    public Path plugins(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        Set<String> done = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(names));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!done.add(name)) {
                continue;
            }
            Path hpi = hpi(name);
            Files.copy(hpi, dir.resolve(name + ".jpi"));
            try (JarFile jar = new JarFile(hpi.toFile())) {
                String dependencies = jar.getManifest().getMainAttributes().getValue("Plugin-Dependencies");
                if (dependencies != null) {
                    for (String dependency : dependencies.split(",")) {
                        if (!dependency.contains("resolution:=optional")) {
                            todo.add(dependency.substring(0, dependency.indexOf(':')).strip());
                        }
                    }
                }
            }
        }
        return dir;
    }

    private Path hpi(String name) throws IOException {
        try (Stream<Path> files = Files.walk(shared.resolve("repo"))) {
            return files.filter(p -> p.getParent().getParent().getFileName().toString().equals(name)
                    && p.getFileName().toString().equals(name + "-" + p.getParent().getFileName() + ".hpi")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("plugin " + name + " is not in " + shared.resolve("repo")));
        }
    }
}
