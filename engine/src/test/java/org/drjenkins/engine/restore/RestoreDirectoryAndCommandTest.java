package org.drjenkins.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.drjenkins.engine.backup.BackupRequest;
import org.drjenkins.engine.backup.BackupService;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.RestoreRecord;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.util.Parameter;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * dr restore of file trees and command output, for real, against a real S3 server: a directory restored beside its
 * target and swapped in (never half-written), --diff showing the changes and writing nothing, and the output of
 * {@code kubectl get secrets -A -o json} turned into a manifest {@code kubectl apply} accepts.
 */
public class RestoreDirectoryAndCommandTest {

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

    private static RestoreOutcome restore(DrConfig config, RestoreRequest request) {
        return new RestoreService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE).run(request, new ByteArrayOutputStream());
    }

    /** The tree backed up: a file, a nested file, an executable script and a relative symlink. */
    private Path source() throws IOException {
        Path tree = temp.newFolder("source").toPath();
        Files.createDirectories(tree.resolve("conf.d"));
        Files.writeString(tree.resolve("conf.d/agent.yaml"), "workers: 4\n");
        Files.writeString(tree.resolve("settings.xml"), "<settings>new</settings>\n");
        Path script = tree.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(tree.resolve("current"), Path.of("conf.d/agent.yaml"));
        return tree;
    }

    /** What is at the target before the restore: one file the same, one different, one the backup does not have. */
    private Path existingTarget() throws IOException {
        Path target = temp.newFolder("restored").toPath();
        Files.createDirectories(target.resolve("conf.d"));
        Files.writeString(target.resolve("conf.d/agent.yaml"), "workers: 4\n");
        Files.writeString(target.resolve("settings.xml"), "<settings>old</settings>\n");
        Files.writeString(target.resolve("stale.txt"), "left over\n");
        return target;
    }

    private static DrConfig directoryConfig(Path tree) {
        return S3.config("components:\n  configuration: { type: directory, path: \"" + tree + "\" }\n");
    }

    /** Every entry under {@code root} with its type, mode and content (or link target), to see whether it changed. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(key, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    entries.put(key, "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                } else {
                    entries.put(key, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " " + Files.readString(p));
                }
            }
        }
        return entries;
    }

    private static List<Path> stagingLeftovers(Path target) throws IOException {
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().contains(".dr-restore-") || p.getFileName().toString().contains(".dr-old-"))
                    .toList();
        }
    }

    @Test
    public void diffShowsWhatWouldChangeAndWritesNothing() throws Exception {
        DrConfig config = directoryConfig(source());
        backup(config, "configuration");
        Path target = existingTarget();
        Map<String, String> before = snapshot(target);

        RestoreOutcome outcome = restore(config, RestoreRequest.of("configuration").withTo(target).withDiff(true));

        assertThat(outcome.written()).isFalse();
        TreeChanges changes = outcome.changes().orElseThrow();
        assertThat(changes.summary()).isEqualTo("2 added, 1 changed, 1 removed, 2 unchanged");
        assertThat(changes.firstPaths()).containsExactly("+ current", "+ run.sh", "~ settings.xml", "- stale.txt");
        assertThat(snapshot(target)).isEqualTo(before);
        assertThat(stagingLeftovers(target)).isEmpty();
        assertThat(outcome.recordedIn()).isEmpty();
    }

    @Test
    public void aNonEmptyDirectoryIsRefusedWithoutReplaceAndWithoutConfirm() throws Exception {
        DrConfig config = directoryConfig(source());
        backup(config, "configuration");
        Path target = existingTarget();
        Map<String, String> before = snapshot(target);

        InvalidRequestException noReplace = catchThrowableOfType(InvalidRequestException.class,
                () -> restore(config, RestoreRequest.of("configuration").withTo(target)));
        InvalidRequestException noConfirm = catchThrowableOfType(InvalidRequestException.class,
                () -> restore(config, RestoreRequest.of("configuration").withTo(target).withReplace(true, false)));

        assertThat(noReplace.parameters()).contains(Parameter.RESTORE_DIR, Parameter.REPLACE);
        assertThat(noReplace.getMessage()).contains(target + ": not empty");
        assertThat(noConfirm.parameters()).contains(Parameter.CONFIRM);
        assertThat(snapshot(target)).isEqualTo(before);
    }

    @Test
    public void aRealRestoreReplacesTheTreeKeepsModesAndLinksAndRecordsTheRestore() throws Exception {
        Path source = source();
        DrConfig config = directoryConfig(source);
        Manifest manifest = backup(config, "configuration");
        Path target = existingTarget();

        RestoreOutcome outcome = restore(config, RestoreRequest.of("configuration").withTo(target).withReplace(true, true));

        assertThat(outcome.written()).isTrue();
        assertThat(snapshot(target)).isEqualTo(snapshot(source));
        assertThat(Files.isSymbolicLink(target.resolve("current"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("current"))).isEqualTo(Path.of("conf.d/agent.yaml"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("run.sh")))).isEqualTo("rwxr-x---");
        assertThat(target.resolve("stale.txt")).doesNotExist();
        assertThat(outcome.changes().orElseThrow().summary()).isEqualTo("2 added, 1 changed, 1 removed, 2 unchanged");
        assertThat(stagingLeftovers(target)).isEmpty();
        try (ObjectStore primary = S3.open(config.primary())) {
            List<RestoreRecord> history = new BackupCatalog(primary).restoreHistory("configuration",
                    BackupId.parse(manifest.backupId()).orElseThrow());
            assertThat(history).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo("restore");
                assertThat(r.target()).isEqualTo(target.toString());
                assertThat(r.region()).isEqualTo("us-east-1");
                assertThat(r.seconds()).isGreaterThanOrEqualTo(0);
                assertThat(r.detail()).contains("2 added, 1 changed, 1 removed");
            });
            assertThat(outcome.recordedIn()).hasValueSatisfying(key -> assertThat(key).startsWith("s3://" + primary.bucket()
                    + "/configuration/" + manifest.backupId() + "/restores/"));
        }
    }

    @Test
    public void aRestoreIntoAMissingDirectoryCreatesIt() throws Exception {
        Path source = source();
        DrConfig config = directoryConfig(source);
        backup(config, "configuration");
        Path target = temp.getRoot().toPath().resolve("new/place");

        restore(config, RestoreRequest.of("configuration").withTo(target));

        assertThat(snapshot(target)).isEqualTo(snapshot(source));
    }

    @Test
    public void aCorruptedArtifactLeavesTheOldTreeIntactAndNothingBesideIt() throws Exception {
        DrConfig config = directoryConfig(source());
        Manifest manifest = backup(config, "configuration");
        ArtifactRecord artifact = manifest.artifacts().get(0);
        byte[] stored = VerifyFixtures.read(S3, config, artifact.key());
        stored[stored.length / 2] ^= 0x5a;
        VerifyFixtures.write(S3, config, artifact.key(), stored);
        Path target = existingTarget();
        Map<String, String> before = snapshot(target);

        RestoreException failed = catchThrowableOfType(RestoreException.class,
                () -> restore(config, RestoreRequest.of("configuration").withTo(target).withReplace(true, true)));

        assertThat(failed.getMessage()).contains("is not intact", "SHA-256 mismatch", "nothing was written to " + target);
        assertThat(snapshot(target)).isEqualTo(before);
        assertThat(stagingLeftovers(target)).isEmpty();
    }

    @Test
    public void anArchiveThatTurnsOutUnsafeWhileExtractingLeavesTheOldTreeIntact() throws Exception {
        DrConfig config = directoryConfig(source());
        Manifest manifest = backup(config, "configuration");
        // Intact as stored (digests agree) but hostile inside: the extraction has written two entries when it refuses the third.
        VerifyFixtures.replaceContent(S3, config, manifest, new HostileTars().file("ok.txt", 0644, "fine").symlink("out", "/tmp")
                .file("out/escape.txt", 0644, "x").bytes(), List.of());
        Path target = existingTarget();
        Map<String, String> before = snapshot(target);

        RestoreException failed = catchThrowableOfType(RestoreException.class,
                () -> restore(config, RestoreRequest.of("configuration").withTo(target).withReplace(true, true)));

        assertThat(failed.getMessage()).contains("refusing to write through the symlink out", "the target was left as it was");
        assertThat(snapshot(target)).isEqualTo(before);
        assertThat(stagingLeftovers(target)).isEmpty();
    }

    @Test
    public void aDirectoryComponentGivenADatabaseTargetIsToldWhichOptionItTakes() throws Exception {
        DrConfig config = directoryConfig(source());
        backup(config, "configuration");

        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> restore(config, RestoreRequest.of("configuration").withTarget("postgresql://postgres@127.0.0.1:5432/x")));

        assertThat(refused.parameters()).containsExactly(Parameter.TARGET, Parameter.RESTORE_DIR, Parameter.TARGET);
        assertThat(refused.getMessage()).contains("a file tree, into a directory");
    }

    @Test
    public void twoTargetsAreRefusedBeforeAnyRegionIsAsked() throws Exception {
        DrConfig config = directoryConfig(source());
        List<String> asked = new ArrayList<>();
        RestoreService service = new RestoreService(config, secrets(), region -> {
            asked.add(region.name());
            return S3.stores().open(region);
        }, Clock.systemUTC(), Progress.NONE);

        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class, () -> service.run(RestoreRequest.of("configuration")
                .withTo(temp.newFolder("into").toPath()).withTarget("postgresql://postgres@127.0.0.1:5432/x"), new ByteArrayOutputStream()));

        assertThat(refused.parameters()).containsExactly(Parameter.RESTORE_DIR, Parameter.TARGET);
        assertThat(refused.getMessage()).contains("a restore has one target");
        assertThat(asked).as("regions opened").isEmpty();
    }

    /** A recorded-by-hand sample in the shape of the Kubernetes API's {@code kubectl get secrets -A -o json} output. */
    private Path kubectlSample() throws IOException {
        Path sample = temp.newFile("secrets.json").toPath();
        try (InputStream in = getClass().getResourceAsStream("kubectl-get-secrets-A.json")) {
            Files.copy(in, sample, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return sample;
    }

    @Test
    public void kubernetesSecretsComeBackAsAnApplyableListWithNamespacesFirstAndNoServerSetField() throws Exception {
        Path sample = kubectlSample();
        DrConfig config = S3.config("components:\n  secrets: { type: command, kind: kubernetes-secrets, command: \"cat " + sample + "\" }\n");
        backup(config, "secrets");
        Path output = temp.getRoot().toPath().resolve("secrets-manifest.json");

        RestoreOutcome outcome = restore(config, RestoreRequest.of("secrets").withOutput(output));

        JsonNode list = Json.mapper().readTree(output.toFile());
        assertThat(list.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(list.get("kind").asText()).isEqualTo("List");
        List<String> order = new ArrayList<>();
        list.get("items").forEach(i -> order.add(i.get("kind").asText() + " " + i.path("metadata").path("namespace").asText("-") + "/"
                + i.get("metadata").get("name").asText()));
        assertThat(order).containsExactly("Namespace -/ci", "Namespace -/jenkins", "Secret ci/registry-pull", "Secret jenkins/jenkins-admin",
                "Secret jenkins/tls-ingress");
        List<String> serverSet = List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "selfLink", "generation",
                "ownerReferences", "status");
        for (JsonNode item : list.get("items")) {
            assertThat(item.has("status")).isFalse();
            for (String field : serverSet) {
                assertThat(item.get("metadata").has(field)).as(item.get("metadata").get("name") + " " + field).isFalse();
            }
            assertThat(item.get("metadata").path("annotations").has("kubectl.kubernetes.io/last-applied-configuration")).isFalse();
        }
        JsonNode admin = list.get("items").get(3);
        assertThat(admin.get("data").get("password").asText()).isEqualTo("czNjcjN0LXBhc3N3b3Jk");
        assertThat(admin.get("type").asText()).isEqualTo("Opaque");
        assertThat(admin.get("metadata").get("labels").get("app").asText()).isEqualTo("jenkins");
        assertThat(admin.get("metadata").get("annotations").get("team").asText()).isEqualTo("platform");
        assertThat(outcome.record().detail()).contains("3 secrets in 2 namespaces", "1 service-account tokens left out");
        assertThat(Files.readString(output)).doesNotContain("\"uid\"", "resourceVersion", "managedFields", "service-account-token");
    }

    @Test
    public void plainCommandOutputGoesToStandardOutputByteForByte() throws Exception {
        DrConfig config = S3.config("components:\n  export: { type: command, command: \"printf 'line one\\\\nline two\\\\n'\" }\n");
        backup(config, "export");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        new RestoreService(config, secrets(), S3.stores(), Clock.systemUTC(), Progress.NONE).run(RestoreRequest.of("export"), stdout);

        assertThat(stdout.toString()).isEqualTo("line one\nline two\n");
    }

    @Test
    public void anExistingOutputFileIsRefusedWithoutReplaceAndKeptIntact() throws Exception {
        DrConfig config = S3.config("components:\n  export: { type: command, command: \"printf new\" }\n");
        backup(config, "export");
        Path output = temp.newFile("export.txt").toPath();
        Files.writeString(output, "old");

        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> restore(config, RestoreRequest.of("export").withOutput(output)));
        assertThat(refused.parameters()).contains(Parameter.OUTPUT, Parameter.REPLACE);
        assertThat(Files.readString(output)).isEqualTo("old");

        restore(config, RestoreRequest.of("export").withOutput(output).withReplace(true, false));
        assertThat(Files.readString(output)).isEqualTo("new");
        try (Stream<Path> siblings = Files.list(output.getParent())) {
            assertThat(siblings.filter(p -> p.getFileName().toString().contains(".dr-restore-"))).isEmpty();
        }
        assertThat(Files.exists(output, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
