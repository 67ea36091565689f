package org.drjenkins.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@code dr} launcher the PostgreSQL server's OS user can run, as archive_command does: this test JVM's classes and
 * jars copied to a world-readable directory (the Maven repository under root's home is not readable by postgres), and
 * a script that sets the store's credentials and runs the command line from them with the JVM options ./dr uses.
 */
final class PostgresReadableLauncher {

    private PostgresReadableLauncher() {
    }

    /** Writes {@code dir/dr} (and {@code dir/lib}); {@code env} is exported by the script. */
    static Path create(Path dir, Map<String, String> env) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        List<String> classpath = new ArrayList<>();
        // Surefire's booter jar hides the real class path; it publishes it in this property.
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String entry : testClassPath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (entry.isBlank() || !Files.exists(source) || source.endsWith("test-classes")) {
                continue;
            }
            Path target = lib.resolve(String.format("%03d-%s", n++, source.getFileName()));
            copy(source, target);
            classpath.add(target.toString());
        }
        StringBuilder script = new StringBuilder("#!/bin/sh\n");
        env.forEach((name, value) -> script.append("export ").append(name).append("='").append(value).append("'\n"));
        script.append("exec '").append(Path.of(System.getProperty("java.home"), "bin", "java")).append("' -XX:TieredStopAtLevel=1")
                .append(" -XX:+UseSerialGC -cp '").append(String.join(File.pathSeparator, classpath))
                .append("' org.drjenkins.cli.DrCommand \"$@\"\n");
        Path launcher = dir.resolve("dr");
        Files.writeString(launcher, script);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        makeReadable(dir);
        return launcher;
    }

    private static void copy(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target);
            return;
        }
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to);
                }
            }
        }
    }

    private static void makeReadable(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                boolean executable = Files.isDirectory(path) || path.getFileName().toString().equals("dr");
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
