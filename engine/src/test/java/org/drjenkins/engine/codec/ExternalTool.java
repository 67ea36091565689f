package org.drjenkins.engine.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real command-line tool (age, zstd, gzip) with bytes on stdin and returns its stdout. */
final class ExternalTool {

    private ExternalTool() {
    }

    static byte[] run(byte[] stdin, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).start();
        CompletableFuture<Void> feeder = CompletableFuture.runAsync(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        feeder.join();
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ": "
                    + new String(errors.join(), StandardCharsets.UTF_8));
        }
        return stdout;
    }
}
