package org.drjenkins.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.incident.PagerDutyWebhook;
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

    private static final PagerDutyListenOptions OPTIONS = PagerDutyListenOptions.INCIDENT_LISTEN;

    @Mixin
    ConfigOptions config;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "The port on 127.0.0.1; 0 takes a free one.")
    int port;

    @Option(names = "--secret-env", paramLabel = "NAME", description = "The environment variable holding the webhook "
            + "subscription's signing secret. Default: " + PagerDutyListenOptions.DEFAULT_SECRET_ENV + ".")
    String secretEnv;

    @Option(names = "--secret-file", paramLabel = "PATH", description = "Read the signing secret from this file instead.")
    Path secretFile;

    @Option(names = "--max-wait", paramLabel = "DURATION", description = "Stop after this long. Default: serve until stopped.")
    String maxWait;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        OPTIONS.port(port);
        Duration limit = DurationOption.positive("--max-wait", maxWait).orElse(Duration.ofDays(365 * 100L));
        String secret = OPTIONS.secret(secretEnv, secretFile);
        DrConfig plan = config.load();
        StderrProgress progress = new StderrProgress(System.err, false);
        PrintWriter out = spec.commandLine().getOut();
        try (IncidentTools tools = new IncidentTools(plan, progress);
                PagerDutyListener listener = OPTIONS.listen(port, new PagerDutyWebhook(secret, tools.engine()), progress::info)) {
            out.println(PagerDutyListener.LISTENING + listener.uri());
            out.flush();
            Thread.sleep(limit.toMillis());
        }
        return 0;
    }
}
