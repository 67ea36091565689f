package org.drjenkins.engine.failover;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A region's {@code fenceCommand} (STONITH: stop the VM, detach the volume, revoke the security group), run with
 * {@code sh -c}, bounded in time; the command and everything it started are killed when it overruns.
 */
final class FenceCommand {

    /** Only the end of the output goes into the step's one line. */
    private static final int TAIL_CHARS = 400;

    private FenceCommand() {
    }

    /**
     * @param env variables for the command: which region, its database URL (never a password)
     * @return the end of its output, one line
     * @throws StepFailedException when it cannot start, exits non-zero or overruns
     */
    static String run(String region, String command, Map<String, String> env, Duration timeout)
            throws StepFailedException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new StepFailedException("fenceCommand of " + region + " could not start: " + e.getMessage(), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "dr-fence-command-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new StepFailedException("fenceCommand of " + region + " did not finish within "
                        + Seconds.text(timeout) + ": " + tail(output));
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        reader.join(2000);
        if (process.exitValue() != 0) {
            throw new StepFailedException("fenceCommand of " + region + " exited " + process.exitValue() + ": "
                    + tail(output));
        }
        return tail(output);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process ended or was killed
        }
    }

    private static String tail(ByteArrayOutputStream output) {
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        text = text.replaceAll("\\s*\\R\\s*", " | ").trim();
        if (text.isEmpty()) {
            return "(no output)";
        }
        return text.length() <= TAIL_CHARS ? text : "…" + text.substring(text.length() - TAIL_CHARS);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
