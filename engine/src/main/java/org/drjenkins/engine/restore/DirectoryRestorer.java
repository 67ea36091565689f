package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.util.TempFiles;

/** Extracts a directory backup into a scratch directory and compares every entry with the manifest's file list. */
final class DirectoryRestorer implements ComponentRestorer {

    private final Path scratch;
    private List<SafeTarExtractor.Extracted> extracted = List.of();

    DirectoryRestorer(Path workDir) throws IOException {
        this.scratch = Files.createTempDirectory(workDir, "dr-restore-dir-");
    }

    /** Where the tree is extracted. */
    Path tree() {
        return scratch.resolve("tree");
    }

    /** The folder holding the tree, for whatever else a restore of it needs (removed with it). */
    Path scratch() {
        return scratch;
    }

    @Override
    public void restore(Manifest manifest, Path rawContent) throws IOException {
        try (InputStream in = Files.newInputStream(rawContent)) {
            extracted = SafeTarExtractor.extract(in, tree());
        }
        Files.delete(rawContent); // the extracted tree is what gets checked: free the disk
    }

    @Override
    public List<CheckResult> check(Manifest manifest) {
        Map<String, SafeTarExtractor.Extracted> restored = new LinkedHashMap<>();
        extracted.forEach(e -> restored.put(e.path(), e));
        List<String> differences = new ArrayList<>();
        int expected = 0;
        for (Map<String, Object> entry : recordedEntries(manifest)) {
            expected++;
            String path = String.valueOf(entry.get("path"));
            SafeTarExtractor.Extracted actual = restored.remove(path);
            if (actual == null) {
                differences.add(path + ": missing");
                continue;
            }
            compare(differences, path, "type", entry.get("type"), actual.type());
            if ("file".equals(actual.type())) {
                compare(differences, path, "size", number(entry.get("size")), actual.size());
            }
            if (!"symlink".equals(actual.type())) {
                compare(differences, path, "mode", entry.get("mode"), actual.mode());
            } else {
                compare(differences, path, "link target", entry.get("linkTarget"), actual.linkTarget());
            }
        }
        restored.keySet().forEach(path -> differences.add(path + ": not in the manifest"));
        String detail = differences.isEmpty() ? expected + " entries match the manifest (paths, types, sizes, modes, links)"
                : differences.size() + " difference(s): " + String.join("; ", differences.subList(0, Math.min(5, differences.size())));
        return List.of(new CheckResult("file list matches manifest", differences.isEmpty(), detail));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> recordedEntries(Manifest manifest) {
        Object entries = manifest.source().get("entries");
        return entries instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static void compare(List<String> differences, String path, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            differences.add(path + ": " + what + " expected " + expected + ", restored " + actual);
        }
    }

    @Override
    public void close() {
        TempFiles.deleteRecursively(scratch);
    }
}
