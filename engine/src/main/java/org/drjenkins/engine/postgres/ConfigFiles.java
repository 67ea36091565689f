package org.drjenkins.engine.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A cluster's own configuration files that live inside its data directory: postgresql.conf, pg_hba.conf,
 * pg_ident.conf and whatever they include ({@code include}, {@code include_if_exists}, {@code include_dir}),
 * {@code postgresql.auto.conf} excepted. pg_rewind and pg_basebackup copy the source's files over them, so a rejoin
 * reads them first and puts them back afterwards: the rejoined server keeps its own port and settings. Files outside
 * the data directory ({@code config_file} in /etc) are never touched by those tools and need no saving.
 */
final class ConfigFiles {

    /** Written by -R and ALTER SYSTEM: the copied one carries the new primary_conninfo, ours must not replace it. */
    static final String AUTO_CONF = "postgresql.auto.conf";

    private static final Pattern INCLUDE = Pattern.compile(
            "^\\s*(include|include_if_exists|include_dir)\\s*=?\\s*(?:'((?:[^']|'')*)'|(\\S+))");
    private static final Pattern HBA_OR_IDENT = Pattern.compile(
            "^\\s*(hba_file|ident_file)\\s*=?\\s*(?:'((?:[^']|'')*)'|(\\S+))");
    private static final int MAX_DEPTH = 10; // PostgreSQL's own limit on nested includes

    /** The names the copy brings along from the source's data directory whatever the target had. */
    private static final List<String> STANDARD = List.of("postgresql.conf", "pg_hba.conf", "pg_ident.conf");

    private final Path dataDir;
    private final Map<Path, byte[]> contents;
    private final List<Path> absent;

    private ConfigFiles(Path dataDir, Map<Path, byte[]> contents, List<Path> absent) {
        this.dataDir = dataDir;
        this.contents = contents;
        this.absent = absent;
    }

    /** Reads every configuration file of the cluster that lives inside {@code dataDir}. */
    static ConfigFiles read(Path dataDir, Path configFile) throws PostgresException {
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        collect(configFile, 0, files);
        files.add(dataDir.resolve("pg_hba.conf"));
        files.add(dataDir.resolve("pg_ident.conf"));
        for (Path file : files) {
            Path normal = file.toAbsolutePath().normalize();
            if (normal.startsWith(dataDir) && !normal.getFileName().toString().equals(AUTO_CONF)
                    && Files.isRegularFile(normal) && !contents.containsKey(normal)) {
                try {
                    contents.put(normal, Files.readAllBytes(normal));
                } catch (IOException e) {
                    throw new PostgresException("Cannot read " + normal + " to keep it through the rejoin: "
                            + e.getMessage(), e);
                }
            }
        }
        // A cluster configured from outside (config_file in /etc) had none of these: a copied one would only mislead
        // whoever edits it, since the server never reads it.
        List<Path> absent = STANDARD.stream().map(dataDir::resolve).filter(p -> !Files.exists(p)).toList();
        return new ConfigFiles(dataDir, contents, absent);
    }

    /** The file, the files it includes and the hba/ident files it names, depth first. */
    private static void collect(Path file, int depth, List<Path> into) {
        if (depth > MAX_DEPTH || !Files.isRegularFile(file) || into.contains(file)) {
            return;
        }
        into.add(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return; // unreadable: the server could not read it either
        }
        Path base = file.toAbsolutePath().getParent();
        for (String line : lines) {
            Matcher hba = HBA_OR_IDENT.matcher(line);
            if (hba.find()) {
                into.add(base.resolve(value(hba)));
                continue;
            }
            Matcher m = INCLUDE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Path target = base.resolve(value(m));
            if (m.group(1).equals("include_dir")) {
                try (Stream<Path> entries = Files.list(target)) {
                    for (Path p : entries.filter(p -> p.getFileName().toString().endsWith(".conf")
                            && !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                        collect(p, depth + 1, into);
                    }
                } catch (IOException e) {
                    // no such directory: the server skips it as well
                }
            } else {
                collect(target, depth + 1, into);
            }
        }
    }

    private static String value(Matcher m) {
        return m.group(2) != null ? m.group(2).replace("''", "'") : m.group(3);
    }

    List<Path> files() {
        return List.copyOf(contents.keySet());
    }

    /** Writes every file back as it was, owned by {@code owner}, and removes the copies of files it did not have. */
    void restore(String owner) throws PostgresException {
        for (Path copied : absent) {
            try {
                Files.deleteIfExists(copied);
            } catch (IOException e) {
                throw new PostgresException("Cannot delete the copied " + copied + ": " + e.getMessage(), e);
            }
        }
        for (Map.Entry<Path, byte[]> file : contents.entrySet()) {
            try {
                Files.createDirectories(file.getKey().getParent());
                Files.write(file.getKey(), file.getValue());
                if (PgTools.runningAsRoot()) {
                    ClusterOwner.hand(file.getKey(), owner);
                }
            } catch (IOException e) {
                throw new PostgresException("Cannot restore " + file.getKey() + " in " + dataDir + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
