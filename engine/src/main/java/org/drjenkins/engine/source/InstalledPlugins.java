package org.drjenkins.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The plugins installed in a JENKINS_HOME, read from their manifests ({@code Short-Name}, {@code Plugin-Version}):
 * {@code plugins/NAME.jpi} or {@code .hpi} archives, or an unpacked {@code plugins/NAME/META-INF/MANIFEST.MF} whose
 * archive is gone. Written as {@code plugins.txt} in the format {@code jenkins-plugin-cli --plugin-file} reads
 * ({@code name:version} a line), so a lost controller is rebuilt with exactly these versions.
 */
public final class InstalledPlugins {

    /** The name of the list inside a jenkins-home archive. */
    public static final String FILE_NAME = "plugins.txt";

    /** One plugin; {@code enabled} is false when Jenkins was told to disable it ({@code NAME.jpi.disabled}). */
    public record Plugin(String name, String version, boolean enabled) {
    }

    private InstalledPlugins() {
    }

    public static List<Plugin> read(Path home) throws IOException {
        Path dir = home.resolve("plugins");
        Map<String, Plugin> plugins = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> unpacked = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (Files.isRegularFile(entry) && (file.endsWith(".jpi") || file.endsWith(".hpi"))) {
                    archiveManifest(entry).flatMap(m -> plugin(m, Files.exists(dir.resolve(file + ".disabled"))))
                            .ifPresent(p -> plugins.put(p.name(), p));
                } else if (Files.isDirectory(entry)) {
                    unpacked.add(entry);
                }
            }
        }
        for (Path folder : unpacked) {
            Path manifest = folder.resolve("META-INF/MANIFEST.MF");
            if (!Files.isRegularFile(manifest)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(manifest)) {
                String base = folder.getFileName().toString();
                boolean disabled = Files.exists(dir.resolve(base + ".jpi.disabled")) || Files.exists(dir.resolve(base + ".hpi.disabled"));
                plugin(new Manifest(in), disabled).ifPresent(p -> plugins.putIfAbsent(p.name(), p));
            }
        }
        return plugins.values().stream().sorted(Comparator.comparing(Plugin::name)).toList();
    }

    /** {@code name:version} lines, sorted; disabled plugins are listed too (Jenkins keeps them installed). */
    public static byte[] pluginsTxt(List<Plugin> plugins) {
        StringBuilder text = new StringBuilder();
        for (Plugin plugin : plugins) {
            text.append(plugin.name()).append(':').append(plugin.version()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a plugins.txt back: name → version (comments and blank lines ignored). */
    public static Map<String, String> parse(String pluginsTxt) {
        Map<String, String> plugins = new LinkedHashMap<>();
        for (String line : pluginsTxt.split("\\R")) {
            String entry = line.strip();
            int hash = entry.indexOf('#');
            if (hash >= 0) {
                entry = entry.substring(0, hash).strip();
            }
            int colon = entry.indexOf(':');
            if (colon > 0) {
                plugins.put(entry.substring(0, colon), entry.substring(colon + 1));
            }
        }
        return plugins;
    }

    /** The Short-Name of a plugin archive, when it is one. */
    public static Optional<String> shortName(Path archive) throws IOException {
        return archiveManifest(archive).map(m -> m.getMainAttributes().getValue("Short-Name"));
    }

    private static Optional<Manifest> archiveManifest(Path archive) throws IOException {
        try (JarFile jar = new JarFile(archive.toFile())) {
            return Optional.ofNullable(jar.getManifest());
        } catch (java.util.zip.ZipException e) {
            return Optional.empty(); // a half-downloaded plugin: Jenkins would not load it either
        }
    }

    private static Optional<Plugin> plugin(Manifest manifest, boolean disabled) {
        Attributes main = manifest.getMainAttributes();
        String name = main.getValue("Short-Name");
        String version = main.getValue("Plugin-Version");
        if (name == null || version == null) {
            return Optional.empty();
        }
        return Optional.of(new Plugin(name.strip(), version.strip(), !disabled));
    }
}
