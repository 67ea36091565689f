package org.drjenkins.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.drjenkins.engine.incident.PagerDutyWebhook;
import org.drjenkins.engine.util.InvalidRequestException;

/**
 * The options that start a {@link PagerDutyListener}, read the same way by {@code dr incident listen} ({@code --port},
 * {@code --secret-env}, {@code --secret-file}) and {@code dr watch} ({@code --ack-listen}, {@code --ack-secret-env},
 * {@code --ack-secret-file}): each command names its own options, the rules and messages are these. Every refusal is
 * bad input (exit 2) naming the option and the fix; the secret is never in one.
 */
final class PagerDutyListenOptions {

    static final String DEFAULT_SECRET_ENV = "DR_PAGERDUTY_WEBHOOK_SECRET";

    static final PagerDutyListenOptions INCIDENT_LISTEN = new PagerDutyListenOptions("--port", "--secret-env", "--secret-file");
    static final PagerDutyListenOptions WATCH = new PagerDutyListenOptions("--ack-listen", "--ack-secret-env", "--ack-secret-file");

    private final String portOption;
    private final String envOption;
    private final String fileOption;

    private PagerDutyListenOptions(String portOption, String envOption, String fileOption) {
        this.portOption = portOption;
        this.envOption = envOption;
        this.fileOption = fileOption;
    }

    String portOption() {
        return portOption;
    }

    /** Refuses a number that is not a port; 0 is allowed and takes a free one. */
    int port(int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidRequestException(portOption + " " + port + ": not a port; use 1 to 65535, or 0 for a free one");
        }
        return port;
    }

    /**
     * The webhook subscription's signing secret, from the file when one is given, else from the environment variable
     * (default {@value #DEFAULT_SECRET_ENV}).
     *
     * @param env the variable's name as given, or null for the default
     * @param file the file as given, or null
     */
    String secret(String env, Path file) {
        if (env != null && file != null) {
            throw new InvalidRequestException(envOption + " and " + fileOption + ": give one of them, not both");
        }
        return file != null ? fromFile(file) : fromEnvironment(env == null ? DEFAULT_SECRET_ENV : env);
    }

    private String fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (IOException e) {
            throw new InvalidRequestException(fileOption + " " + file + ": cannot read it (" + e.getClass().getSimpleName()
                    + "); give a readable file holding the webhook subscription's signing secret");
        } catch (UncheckedIOException e) {
            throw new InvalidRequestException(fileOption + " " + file + ": cannot read it as text; give a file holding the"
                    + " webhook subscription's signing secret");
        }
        if (text.isEmpty()) {
            throw new InvalidRequestException(fileOption + " " + file + ": the file is empty; put the webhook subscription's"
                    + " signing secret in it");
        }
        return text;
    }

    private String fromEnvironment(String env) {
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(envOption + " " + env + ": the environment variable is "
                    + (value == null ? "not set" : "empty") + "; set it to the signing secret PagerDuty showed for the webhook"
                    + " subscription, or use " + fileOption);
        }
        return value.strip();
    }

    /** Serves the webhook on 127.0.0.1:port; a port that cannot be bound (in use, privileged) is bad input. */
    PagerDutyListener listen(int port, PagerDutyWebhook webhook, Consumer<String> log) {
        try {
            return new PagerDutyListener(port(port), webhook, log);
        } catch (IOException e) {
            throw new InvalidRequestException(portOption + " " + port + ": cannot listen on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "); choose a free port, or 0 for any free one");
        }
    }
}
