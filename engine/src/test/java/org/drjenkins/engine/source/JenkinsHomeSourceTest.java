package org.drjenkins.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.drjenkins.engine.config.JenkinsHomeSpec;
import org.drjenkins.engine.progress.Progress;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What a jenkins-home backup takes from a home laid out like a real controller's, and how it reads files Jenkins rewrites. */
public class JenkinsHomeSourceTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path home;

    @Before
    public void layOutAHome() throws IOException {
        home = temp.newFolder("jenkins_home").toPath();
        write("config.xml", "<hudson/>");
        write("credentials.xml", "<com.cloudbees.plugins.credentials.SystemCredentialsProvider/>");
        write("secret.key", "legacy");
        write("secrets/master.key", "0123abcd");
        write("secrets/hudson.util.Secret", "binary-ish");
        write("jobs/app/config.xml", "<project/>");
        write("jobs/app/nextBuildNumber", "2");
        write("jobs/app/builds/1/build.xml", "<build/>");
        write("jobs/app/builds/1/log", "Started by user admin");
        write("jobs/app/workspace/checkout.txt", "source");
        write("jobs/tools/config.xml", "<folder/>");
        write("jobs/tools/jobs/lint/config.xml", "<project/>");
        write("users/admin_1234/config.xml", "<user/>");
        write("nodes/agent-1/config.xml", "<slave/>");
        write("workspace/app/big.bin", "x".repeat(1000));
        write("logs/tasks/cleanup.log", "log");
        write("jenkins.err.log", "log");
        write("war/WEB-INF/web.xml", "<web-app/>");
        write("caches/git-1/HEAD", "ref");
        write("fingerprints/ab/cd/ef.xml", "<fingerprint/>");
        write("plugins/credentials/META-INF/MANIFEST.MF", manifestText("credentials", "1381.v2c3a_12074da_b_"));
        write("plugins/legacy-only-unpacked/META-INF/MANIFEST.MF", manifestText("legacy", "1.0"));
        plugin("credentials", "1381.v2c3a_12074da_b_");
        plugin("structs", "338.v848422169819");
        write("plugins/structs.jpi.disabled", "");
    }

    @Test
    public void theDefaultsTakeTheConfigurationAndKeysAndListThePluginsButNotWorkspacesLogsBuildsOrBinaries() throws Exception {
        Backup backup = backup(JenkinsHomeSpec.DEFAULTS, TarTreeOptions.ReadObserver.NONE);

        assertThat(backup.contents.keySet()).containsExactly("plugins.txt", "config.xml", "credentials.xml",
                "jobs/", "jobs/app/", "jobs/app/config.xml", "jobs/app/nextBuildNumber", "jobs/tools/", "jobs/tools/config.xml",
                "jobs/tools/jobs/", "jobs/tools/jobs/lint/", "jobs/tools/jobs/lint/config.xml",
                "nodes/", "nodes/agent-1/", "nodes/agent-1/config.xml", "secret.key",
                "secrets/", "secrets/hudson.util.Secret", "secrets/master.key",
                "users/", "users/admin_1234/", "users/admin_1234/config.xml");
        assertThat(backup.contents.get("plugins.txt")).isEqualTo("credentials:1381.v2c3a_12074da_b_\nlegacy:1.0\nstructs:338.v848422169819\n");
        assertThat(backup.contents.get("secrets/master.key")).isEqualTo("0123abcd");
        Map<String, Object> jenkins = backup.jenkinsHome();
        assertThat(jenkins.get("jobs")).isEqualTo(List.of("app", "tools", "tools/lint"));
        assertThat(jenkins.get("plugins")).isEqualTo(List.of(
                Map.of("name", "credentials", "version", "1381.v2c3a_12074da_b_", "enabled", true),
                Map.of("name", "legacy", "version", "1.0", "enabled", true),
                Map.of("name", "structs", "version", "338.v848422169819", "enabled", false)));
        assertThat(backup.metadata).doesNotContainKeys("reread", "skippedChanging");
    }

    @Test
    public void buildRecordsAndPluginBinariesComeOnlyWhenAskedAndAnExcludeWinsOverTheDefaults() throws Exception {
        Backup backup = backup(new JenkinsHomeSpec(List.of(), List.of("nodes/**"), true, true), TarTreeOptions.ReadObserver.NONE);

        assertThat(backup.contents.keySet()).contains("jobs/app/builds/1/build.xml", "jobs/app/builds/1/log", "plugins/credentials.jpi",
                "plugins/structs.jpi").doesNotContain("nodes/agent-1/config.xml", "plugins/credentials/META-INF/MANIFEST.MF",
                "jobs/app/workspace/checkout.txt", "plugins/structs.jpi.disabled");
    }

    @Test
    public void aFileRewrittenDuringItsReadIsReadAgainAndListedAsReread() throws Exception {
        Backup backup = backup(JenkinsHomeSpec.DEFAULTS, (name, attempt) -> {
            if (name.equals("jobs/app/config.xml") && attempt == 1) {
                write(name, "<project><description>saved while read</description></project>");
            }
        });

        assertThat(backup.contents.get("jobs/app/config.xml")).isEqualTo("<project><description>saved while read</description></project>");
        assertThat(backup.metadata.get("reread")).isEqualTo(List.of("jobs/app/config.xml"));
        assertThat(backup.metadata).doesNotContainKey("skippedChanging");
    }

    @Test
    public void aFileThatChangesOnEveryReadIsSkippedAndListedNotStoredTorn() throws Exception {
        Backup backup = backup(JenkinsHomeSpec.DEFAULTS, (name, attempt) -> {
            if (name.equals("users/admin_1234/config.xml")) {
                write(name, "<user><n>" + attempt + "</n></user>");
            }
        });

        assertThat(backup.contents).doesNotContainKey("users/admin_1234/config.xml");
        assertThat(backup.metadata.get("skippedChanging")).isEqualTo(List.of("users/admin_1234/config.xml"));
        assertThat(backup.metadata).doesNotContainKey("reread");
        assertThat(backup.entryPaths()).doesNotContain("users/admin_1234/config.xml");
    }

    private record Backup(Map<String, String> contents, Map<String, Object> metadata) {
        @SuppressWarnings("unchecked")
        Map<String, Object> jenkinsHome() {
            return (Map<String, Object>) metadata.get("jenkinsHome");
        }

        @SuppressWarnings("unchecked")
        List<Object> entryPaths() {
            return ((List<Map<String, Object>>) metadata.get("entries")).stream().map(e -> e.get("path")).toList();
        }
    }

    private Backup backup(JenkinsHomeSpec spec, TarTreeOptions.ReadObserver observer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SourceResult result = new JenkinsHomeSource(home, "jenkins", spec, observer).writeTo(out, Progress.NONE);
        Map<String, String> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                contents.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return new Backup(contents, result.metadata());
    }

    private void write(String relative, String content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String manifestText(String name, String version) {
        return "Manifest-Version: 1.0\nShort-Name: " + name + "\nPlugin-Version: " + version + "\n\n";
    }

    private void plugin(String name, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Short-Name", name);
        manifest.getMainAttributes().putValue("Plugin-Version", version);
        Files.createDirectories(home.resolve("plugins"));
        try (OutputStream file = Files.newOutputStream(home.resolve("plugins/" + name + ".jpi"));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new java.util.jar.JarEntry("WEB-INF/lib/" + name + ".jar"));
            jar.write(new byte[] {1, 2, 3});
            jar.closeEntry();
        }
    }
}
