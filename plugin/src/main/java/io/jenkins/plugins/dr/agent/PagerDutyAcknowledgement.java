package io.jenkins.plugins.dr.agent;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.incident.ConfiguredNotices;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.incident.PagerDutyWebhook;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;

/**
 * The engine's half of the plugin's PagerDuty webhook endpoint: one signed delivery through {@link PagerDutyWebhook}
 * over the plan's incident state, exactly what {@code dr incident listen} does. Unlike the steps' tasks it runs where
 * the delivery arrives, on the controller (PagerDuty calls Jenkins, not an agent), and touches only the primary
 * region's bucket and the notice channels; plain Java, so it is tested as it runs.
 */
public final class PagerDutyAcknowledgement {

    private PagerDutyAcknowledgement() {
    }

    /**
     * @param planYaml       the global plan as dr.yaml text
     * @param secrets        the AWS keys for the bucket and the webhook URLs the plan's notices need
     * @param webhookSecret  the PagerDuty subscription's signing secret
     * @param log            one line per failed notice (never a secret)
     */
    public static PagerDutyWebhook.Answer handle(String planYaml, String planSource, AgentSecrets secrets, String webhookSecret,
            byte[] body, String signature, Consumer<String> log) {
        // A forged delivery must cost nothing: the signature is checked before the plan or the bucket is touched.
        Optional<PagerDutyWebhook.Answer> refused = PagerDutyWebhook.refusal(webhookSecret, body, signature);
        if (refused.isPresent()) {
            return refused.get();
        }
        DrConfig plan;
        try {
            plan = ConfigLoader.parse(planYaml, planSource);
        } catch (RuntimeException e) {
            return new PagerDutyWebhook.Answer(503, "the Disaster Recovery configuration is not a complete plan yet ("
                    + e.getClass().getSimpleName() + "); PagerDuty delivers again later");
        }
        Secrets engineSecrets = secrets.toEngine();
        Map<String, String> environment = new HashMap<>(secrets.environmentOver(System.getenv()));
        ObjectStore bucket;
        try {
            bucket = StoreConnector.connect(plan.primary(), engineSecrets.aws());
        } catch (RuntimeException e) {
            return new PagerDutyWebhook.Answer(503, "cannot open the primary region's bucket (" + e.getClass().getSimpleName()
                    + "); PagerDuty delivers again later");
        }
        ConfiguredNotices notices = ConfiguredNotices.forPlan(plan.notifications(), environment, logged(log));
        try {
            IncidentEngine engine = IncidentEngine.from(plan, new IncidentStore(bucket), notices, Clock.systemUTC());
            return new PagerDutyWebhook(webhookSecret, engine).handle(body, signature);
        } finally {
            // The acknowledgement's notices go out behind PagerDuty's back: it wants its answer within seconds.
            Thread closer = new Thread(() -> {
                try {
                    notices.close();
                } finally {
                    bucket.close();
                }
            }, "dr-pagerduty-webhook notices");
            closer.setDaemon(true);
            closer.start();
        }
    }

    private static Progress logged(Consumer<String> log) {
        return new Progress() {
            @Override
            public void phase(String description) {
            }

            @Override
            public void bytes(long done, long total) {
            }

            @Override
            public void info(String message) {
                log.accept(message);
            }
        };
    }
}
