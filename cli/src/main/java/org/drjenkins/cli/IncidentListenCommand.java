package org.drjenkins.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.incident.PagerDutyWebhook;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "listen", header = "Serve PagerDuty's webhook: an acknowledgement in PagerDuty acknowledges the incident here.",
        mixinStandardHelpOptions = true,
        description = {"Listens on 127.0.0.1:PORT for PagerDuty Webhooks v3 (POST /dr-pagerduty/; put a TLS proxy in front",
                "for PagerDuty to reach it). A signed incident.acknowledged event acknowledges the incident whose id",
                "PagerDuty keeps as incident_key (the dedup_key dr sent), stopping its escalation. Deliveries whose",
                "X-PagerDuty-Signature does not match the subscription's signing secret are refused (401).", "",
                "Exit codes: 0 stopped after --max-wait, 1 failed, 2 bad input (no secret, port in use)."})
final class IncidentListenCommand implements Callable<Integer> {

    static final String DEFAULT_SECRET_ENV = "DR_PAGERDUTY_WEBHOOK_SECRET";

    @Mixin
    ConfigOptions config;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "The port on 127.0.0.1; 0 takes a free one.")
    int port;

    @Option(names = "--secret-env", paramLabel = "NAME", defaultValue = DEFAULT_SECRET_ENV,
            description = "The environment variable holding the webhook subscription's signing secret. Default: ${DEFAULT-VALUE}.")
    String secretEnv;

    @Option(names = "--secret-file", paramLabel = "PATH", description = "Read the signing secret from this file instead.")
    Path secretFile;

    @Option(names = "--max-wait", paramLabel = "DURATION", description = "Stop after this long. Default: serve until stopped.")
    String maxWait;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new InvalidRequestException("--port " + port + ": not a port; use 1 to 65535, or 0 for a free one");
        }
        Duration limit = DurationOption.positive("--max-wait", maxWait).orElse(Duration.ofDays(365 * 100L));
        String secret = secret();
        DrConfig plan = config.load();
        StderrProgress progress = new StderrProgress(System.err, false);
        PrintWriter out = spec.commandLine().getOut();
        try (IncidentTools tools = new IncidentTools(plan, progress);
                PagerDutyListener listener = listen(new PagerDutyWebhook(secret, tools.engine()), progress)) {
            out.println("listening for PagerDuty webhooks on " + listener.uri());
            out.flush();
            Thread.sleep(limit.toMillis());
        }
        return 0;
    }

    private PagerDutyListener listen(PagerDutyWebhook webhook, StderrProgress progress) {
        try {
            return new PagerDutyListener(port, webhook, progress::info);
        } catch (IOException e) {
            throw new InvalidRequestException("--port " + port + ": cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); choose a free port");
        }
    }

    private String secret() {
        if (secretFile != null) {
            try {
                String text = Files.readString(secretFile).strip();
                if (text.isEmpty()) {
                    throw new InvalidRequestException("--secret-file " + secretFile + ": the file is empty; put the webhook"
                            + " subscription's signing secret in it");
                }
                return text;
            } catch (IOException e) {
                throw new InvalidRequestException("--secret-file " + secretFile + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            } catch (UncheckedIOException e) {
                throw new InvalidRequestException("--secret-file " + secretFile + ": cannot read it");
            }
        }
        String value = System.getenv(secretEnv);
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("--secret-env " + secretEnv + ": the environment variable is not set; set it to the"
                    + " signing secret PagerDuty showed for the webhook subscription, or use --secret-file");
        }
        return value.strip();
    }
}
