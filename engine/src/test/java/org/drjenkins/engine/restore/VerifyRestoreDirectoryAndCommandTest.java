package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.drjenkins.engine.restore.VerifyFixtures.entries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** verify-restore of directory and command backups against a real S3 server, including hostile archives end to end. */
public class VerifyRestoreDirectoryAndCommandTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static Secrets secrets() {
        return new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
    }

    private static Manifest backup(DrConfig config, String component) {
        return new BackupService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE, Duration.ofSeconds(5))
                .run(new BackupRequest(component, true, true)).manifest();
    }

    private VerifyOutcome verify(DrConfig config, String component, Path workDir) {
        return new VerifyRestoreService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE)
                .run(new VerifyRequest(component, "latest", Optional.empty(), false, false, Optional.of(workDir)));
    }

    private Path tree() throws Exception {
        Path tree = temp.newFolder("tree").toPath();
        Files.createDirectories(tree.resolve("conf.d"));
        Files.writeString(tree.resolve("conf.d/agent.yaml"), "workers: 4\n");
        Path script = tree.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(tree.resolve("current"), Path.of("conf.d/agent.yaml"));
        return tree;
    }

    private static DrConfig directoryConfig(Path tree) {
        return S3.config("components:\n  configuration: { type: directory, path: \"" + tree + "\" }\n");
    }

    @Test
    public void aDirectoryBackupRestoresWithTheFileListSizesModesAndLinksOfItsManifest() throws Exception {
        DrConfig config = directoryConfig(tree());
        backup(config, "configuration");
        Path workDir = temp.newFolder("work").toPath();

        VerifyOutcome outcome = verify(config, "configuration", workDir);

        assertThat(outcome.record().failures()).isEmpty();
        assertThat(outcome.verified()).isTrue();
        assertThat(outcome.record().checks()).containsExactly(new CheckResult("file list matches manifest", true,
                "4 entries match the manifest (paths, types, sizes, modes, links)"));
        assertThat(entries(workDir)).isEmpty();
    }

    @Test
    public void aRestoredTreeThatDiffersFromTheManifestFailsNamingThePath() throws Exception {
        DrConfig config = directoryConfig(tree());
        Manifest manifest = backup(config, "configuration");
        // The manifest says run.sh was 0700; the archive says 0750.
        Map<String, Object> source = new LinkedHashMap<>(manifest.source());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object e : (List<?>) source.get("entries")) {
            Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) e);
            if ("run.sh".equals(entry.get("path"))) {
                entry.put("mode", "0700");
            }
            entries.add(entry);
        }
        source.put("entries", entries);
        Manifest edited = new Manifest(manifest.formatVersion(), manifest.backupId(), manifest.component(), manifest.sourceType(),
                manifest.startedAt(), manifest.finishedAt(), manifest.consistentAt(), manifest.compression(), manifest.compressionLevel(),
                manifest.encryption(), manifest.artifacts(), source, manifest.primaryRegion(), manifest.tool(), manifest.restoreHint());
        VerifyFixtures.rewriteManifest(S3, config, edited, manifest.artifacts().get(0));

        VerifyOutcome outcome = verify(config, "configuration", temp.newFolder("work").toPath());

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).containsExactly(
                "check failed: file list matches manifest: 1 difference(s): run.sh: mode expected 0700, restored 0750");
    }

    @Test
    public void aStoredArchiveWithADotDotEntryIsRefusedEndToEnd() throws Exception {
        Path root = temp.newFolder("root").toPath();
        DrConfig config = directoryConfig(tree());
        Manifest manifest = backup(config, "configuration");
        VerifyFixtures.replaceContent(S3, config, manifest, new HostileTars().file("ok.txt", 0644, "fine")
                .file("../../../escaped.txt", 0644, "pwned").bytes(), List.of());
        Path workDir = Files.createDirectories(root.resolve("work"));

        VerifyOutcome outcome = verify(config, "configuration", workDir);

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.record().failures()).containsExactly("restore failed: ../../../escaped.txt: '..' in archive path refused");
        assertThat(entries(workDir)).isEmpty();
        assertThat(entries(root)).containsExactly(workDir);
    }

    @Test
    public void aTreeWithAbsoluteOutwardAndDanglingSymlinksBacksUpAndVerifies() throws Exception {
        Path tree = tree();
        Files.writeString(temp.getRoot().toPath().resolve("beside.yaml"), "shared: true\n");
        Files.createSymbolicLink(tree.resolve("hostname"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(tree.resolve("conf.d/beside.yaml"), Path.of("../../beside.yaml"));
        Files.createSymbolicLink(tree.resolve("pending"), Path.of("not-yet/there"));
        DrConfig config = directoryConfig(tree);
        Manifest manifest = backup(config, "configuration");
        Path workDir = temp.newFolder("work").toPath();

        VerifyOutcome outcome = verify(config, "configuration", workDir);

        assertThat(outcome.record().failures()).isEmpty();
        assertThat(outcome.verified()).isTrue();
        assertThat(outcome.record().checks()).containsExactly(new CheckResult("file list matches manifest", true,
                "7 entries match the manifest (paths, types, sizes, modes, links)"));
        assertThat(manifest.source().get("notRestorable")).asList().hasSize(2);
        assertThat(entries(workDir)).isEmpty();
    }

    @Test
    public void aStoredArchiveWithAnEntryThroughAnAbsoluteSymlinkIsRefusedEndToEnd() throws Exception {
        Path victim = temp.newFolder("victim").toPath();
        DrConfig config = directoryConfig(tree());
        Manifest manifest = backup(config, "configuration");
        VerifyFixtures.replaceContent(S3, config, manifest, new HostileTars().symlink("etc", victim.toString())
                .file("etc/passwd", 0644, "pwned").bytes(), List.of());

        VerifyOutcome outcome = verify(config, "configuration", temp.newFolder("work").toPath());

        assertThat(outcome.verified()).isFalse();
        assertThat(outcome.inconclusive()).isFalse();
        assertThat(outcome.record().failures()).containsExactly("restore failed: etc/passwd: refusing to write through the symlink etc");
        assertThat(entries(victim)).isEmpty();
    }

    @Test
    public void commandOutputThatIsJsonMustParse() throws Exception {
        DrConfig good = S3.config("components:\n  secrets: { type: command, command: \"printf '{\\\"items\\\":[1,2,3]}'\" }\n");
        backup(good, "secrets");

        VerifyOutcome parsed = verify(good, "secrets", temp.newFolder("good").toPath());

        assertThat(parsed.verified()).isTrue();
        assertThat(parsed.record().checks()).containsExactly(new CheckResult("JSON parses", true, "17 bytes of JSON"));

        DrConfig broken = S3.config("components:\n  secrets: { type: command, command: \"printf '{\\\"token\\\": \\\"s3cr3t\\\",'\" }\n");
        backup(broken, "secrets");

        VerifyOutcome failed = verify(broken, "secrets", temp.newFolder("broken").toPath());

        assertThat(failed.verified()).isFalse();
        assertThat(failed.record().failures()).singleElement().asString().startsWith("check failed: JSON parses: invalid JSON at line 1, column ")
                .doesNotContain("s3cr3t");
    }

    @Test
    public void commandOutputThatIsNotJsonOnlyNeedsToDecode() throws Exception {
        DrConfig config = S3.config("components:\n  notes: { type: command, command: \"printf 'plain text'\" }\n");
        backup(config, "notes");

        VerifyOutcome outcome = verify(config, "notes", temp.newFolder("work").toPath());

        assertThat(outcome.verified()).isTrue();
        assertThat(outcome.record().checks()).containsExactly(new CheckResult("content decoded", true, "10 bytes (not JSON: no parse check)"));
    }
}
