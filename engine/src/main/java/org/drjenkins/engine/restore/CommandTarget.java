package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;

/**
 * A command's output, back as bytes: into a file (written beside it and renamed over it, so a reader sees the old file
 * or the whole new one) or to standard output; for {@code kind: kubernetes-secrets} as a manifest for
 * {@code kubectl apply -f}.
 */
final class CommandTarget implements RestoreTarget {

    private final Optional<Path> output;
    private final OutputStream stdout;
    private final boolean kubernetesSecrets;
    private final boolean replace;

    CommandTarget(Optional<Path> output, OutputStream stdout, boolean kubernetesSecrets, boolean replace) {
        this.output = output.map(p -> p.toAbsolutePath().normalize());
        this.stdout = stdout;
        this.kubernetesSecrets = kubernetesSecrets;
        this.replace = replace;
    }

    @Override
    public String describe() {
        return output.map(Path::toString).orElse("standard output");
    }

    @Override
    public void preflight(Manifest manifest) {
        if (output.isEmpty()) {
            return;
        }
        Path file = output.get();
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw InvalidRequestException.of(Parameter.OUTPUT.given(file), ": is a directory; name a file");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !replace) {
            throw InvalidRequestException.of(Parameter.OUTPUT.given(file), ": exists; pass ", Parameter.REPLACE, " to overwrite it, or name a new file");
        }
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw InvalidRequestException.of(Parameter.OUTPUT.given(file), ": its directory does not exist; create it first");
        }
    }

    @Override
    public Applied apply(Manifest manifest, Path rawContent) throws IOException {
        String what;
        byte[] converted = null;
        if (kubernetesSecrets) {
            KubernetesSecretsManifest.Result result;
            try (InputStream in = Files.newInputStream(rawContent)) {
                result = KubernetesSecretsManifest.from(in);
            }
            converted = result.json();
            what = "a kubectl apply manifest of " + result.secrets() + " secrets in " + result.namespaces() + " namespaces (namespaces first"
                    + (result.skippedTokens() > 0 ? "; " + result.skippedTokens() + " service-account tokens left out, the new cluster makes its own" : "")
                    + ")";
        } else {
            what = Files.size(rawContent) + " bytes";
        }
        if (output.isEmpty()) {
            if (converted != null) {
                stdout.write(converted);
            } else {
                Files.copy(rawContent, stdout);
            }
            stdout.flush();
            return new Applied(what + " to standard output", Optional.empty(), Optional.empty(), true);
        }
        Path file = output.get();
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".dr-restore-", ".tmp");
        try {
            if (converted != null) {
                Files.write(temp, converted);
            } else {
                Files.copy(rawContent, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return new Applied(what + " written to " + file, Optional.empty(), Optional.empty(), true);
    }
}
