package io.jenkins.plugins.dr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The plugin's runtime dependencies as Maven resolved them (dependency:list, runtime scope): the bundling policy
 * that the .hpi's WEB-INF/lib must match.
 */
record BundledDependencies(List<Coordinate> coordinates) {

    /** One {@code groupId:artifactId:type[:classifier]:version:scope} line of dependency:list. */
    record Coordinate(String groupId, String artifactId, String classifier, String version, String scope) {
        static Coordinate parse(String line) {
            String[] parts = line.trim().split(" ")[0].split(":");
            if (parts.length == 5) {
                return new Coordinate(parts[0], parts[1], "", parts[3], parts[4]);
            }
            if (parts.length == 6) {
                return new Coordinate(parts[0], parts[1], parts[3], parts[4], parts[5]);
            }
            throw new IllegalArgumentException("Not a dependency:list coordinate: '" + line.trim() + "'");
        }

        /** The jar's file name in the local repository, hence in WEB-INF/lib. */
        String fileName() {
            return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar";
        }
    }

    static BundledDependencies read() {
        Path list = Path.of(System.getProperty("dr.bundledList", "target/bundled-dependencies.txt"));
        try {
            return new BundledDependencies(Files.readAllLines(list, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("   ") && line.contains(":"))
                    .map(Coordinate::parse)
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dependency list " + list.toAbsolutePath()
                    + ": run `mvn verify` on the plugin module (dependency:list writes it in prepare-package)", e);
        }
    }

    List<String> artifactIds() {
        return coordinates.stream().map(Coordinate::artifactId).toList();
    }
}
