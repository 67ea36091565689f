package org.drjenkins.engine.restore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.util.Json;

/**
 * A command's output has nothing to restore into; what can be proven is that it decodes completely and, when it is
 * JSON (as {@code kubectl get … -o json} is), that it parses. The content itself is never printed: it may be secrets.
 */
final class CommandOutputRestorer implements ComponentRestorer {

    private Path content;

    @Override
    public void restore(Manifest manifest, Path rawContent) {
        this.content = rawContent;
    }

    @Override
    public List<CheckResult> check(Manifest manifest) throws IOException {
        if (!looksLikeJson(content)) {
            return List.of(new CheckResult("content decoded", true, Files.size(content) + " bytes (not JSON: no parse check)"));
        }
        // Token by token: kubectl output can be hundreds of megabytes, too much for a tree in memory.
        try (InputStream in = Files.newInputStream(content); JsonParser parser = Json.mapper().getFactory().createParser(in)) {
            while (parser.nextToken() != null) {
                // every token is read, so a syntax error anywhere surfaces
            }
            return List.of(new CheckResult("JSON parses", true, Files.size(content) + " bytes of JSON"));
        } catch (JsonProcessingException e) {
            // Location only: the parser's message can quote content.
            return List.of(new CheckResult("JSON parses", false, "invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
    }

    private static boolean looksLikeJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (!Character.isWhitespace(b)) {
                    return b == '{' || b == '[';
                }
            }
            return false;
        }
    }

    @Override
    public void close() {
        // nothing created: the raw file belongs to the caller
    }
}
