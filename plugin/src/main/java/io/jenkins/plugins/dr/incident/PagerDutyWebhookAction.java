package io.jenkins.plugins.dr.incident;

import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import hudson.security.csrf.CrumbExclusion;
import io.jenkins.plugins.dr.agent.AgentSecrets;
import io.jenkins.plugins.dr.agent.PagerDutyAcknowledgement;
import io.jenkins.plugins.dr.agent.RunConfiguration;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.config.PagerDutyEntry;
import io.jenkins.plugins.dr.credentials.AwsKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.drjenkins.engine.incident.PagerDutyWebhook;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code POST /dr-pagerduty/}: PagerDuty's way back into Jenkins. A PagerDuty Webhooks v3 subscription posts here; a
 * signed {@code incident.acknowledged} event acknowledges the plan's incident PagerDuty names by its
 * {@code incident_key} (the {@code dedup_key} the plugin sent), with the engine's {@link PagerDutyWebhook} rule, state
 * in the primary region's bucket. Unprotected (PagerDuty has no Jenkins account) and exempt from CSRF crumbs: the
 * {@code X-PagerDuty-Signature} HMAC of the body with the subscription's secret is the authentication, and without a
 * configured secret every delivery is refused.
 *
 * <p>The secret is a Jenkins Secret-text credential (global store) named on the configuration page's PagerDuty section
 * ("Webhook signing secret credentials"), else by the system property {@value #CREDENTIALS_PROPERTY} or the
 * environment variable {@value #CREDENTIALS_VARIABLE} (for controllers configured without the page). The plan, AWS
 * credentials and channel secrets are the global configuration's, so the acknowledgement reaches PagerDuty too.
 */
@Extension
public final class PagerDutyWebhookAction implements UnprotectedRootAction {
    public static final String URL_NAME = "dr-pagerduty";
    public static final String CREDENTIALS_PROPERTY = "io.jenkins.plugins.dr.pagerDutyWebhookSecretCredentialsId";
    public static final String CREDENTIALS_VARIABLE = "DR_PAGERDUTY_WEBHOOK_CREDENTIALS_ID";
    private static final Logger LOGGER = Logger.getLogger(PagerDutyWebhookAction.class.getName());
    /** Two acknowledgements are written one after the other, never over each other. */
    private static final Object ONE_AT_A_TIME = new Object();

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** The credential id of the webhook secret, or empty when none is configured. */
    static Optional<String> credentialsId() {
        PagerDutyEntry pagerDuty = DisasterRecoveryConfiguration.get().getPagerDuty();
        if (pagerDuty != null && pagerDuty.getWebhookSecretCredentialsId() != null) {
            return Optional.of(pagerDuty.getWebhookSecretCredentialsId());
        }
        String id = System.getProperty(CREDENTIALS_PROPERTY);
        if (id == null || id.isBlank()) {
            id = System.getenv(CREDENTIALS_VARIABLE);
        }
        return id == null || id.isBlank() ? Optional.empty() : Optional.of(id.strip());
    }

    public void doIndex(StaplerRequest2 request, StaplerResponse2 response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            answer(response, new PagerDutyWebhook.Answer(405, "POST only: this is the PagerDuty webhook endpoint of Disaster Recovery"));
            return;
        }
        Optional<String> id = credentialsId();
        Optional<String> secret = id.flatMap(SystemCredentials::secretText);
        if (secret.isEmpty()) {
            answer(response, new PagerDutyWebhook.Answer(503, id.isEmpty()
                    ? "no webhook secret configured: choose the Secret-text credential holding the PagerDuty subscription's"
                            + " signing secret under Manage Jenkins > Disaster Recovery > PagerDuty > Webhook signing secret"
                            + " credentials (or set " + CREDENTIALS_PROPERTY + " or $" + CREDENTIALS_VARIABLE + " to its id)"
                    : "the credential '" + id.get() + "' is not a Secret-text credential of the global store"));
            return;
        }
        byte[] body = request.getInputStream().readNBytes(PagerDutyWebhook.MAX_BODY + 1);
        String signature = request.getHeader(PagerDutyWebhook.SIGNATURE_HEADER);
        PagerDutyWebhook.Answer answer;
        synchronized (ONE_AT_A_TIME) {
            answer = handle(secret.get(), body, signature);
        }
        LOGGER.log(answer.status() >= 400 ? Level.WARNING : Level.INFO, "PagerDuty webhook: HTTP {0} {1}",
                new Object[] {answer.status(), answer.text()});
        answer(response, answer);
    }

    private static PagerDutyWebhook.Answer handle(String secret, byte[] body, String signature) {
        Optional<PagerDutyWebhook.Answer> refused = PagerDutyWebhook.refusal(secret, body, signature);
        if (refused.isPresent()) {
            return refused.get();
        }
        DisasterRecoveryConfiguration global = DisasterRecoveryConfiguration.get();
        Optional<AwsKeys> keys = SystemCredentials.aws(global.getAwsCredentialsId());
        List<String> warnings = new ArrayList<>();
        Map<String, String> webhooks = SystemCredentials.channels().environment(global.channelCredentials(), warnings);
        warnings.forEach(LOGGER::warning);
        AgentSecrets secrets = keys.map(k -> new AgentSecrets(k.accessKeyId(), k.secretAccessKey(), k.sessionToken(), null, null, webhooks))
                .orElseGet(() -> new AgentSecrets(null, null, null, null, null, webhooks));
        return PagerDutyAcknowledgement.handle(global.toYaml(), RunConfiguration.GLOBAL, secrets, secret, body, signature, LOGGER::info);
    }

    private static void answer(StaplerResponse2 response, PagerDutyWebhook.Answer answer) throws IOException {
        response.setStatus(answer.status());
        response.setContentType("text/plain; charset=utf-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        try (PrintWriter out = response.getWriter()) {
            out.println(answer.text());
        }
    }

    /** PagerDuty signs its deliveries instead of fetching a crumb: this path alone skips the CSRF filter. */
    @Extension
    public static final class CrumbExempt extends CrumbExclusion {
        @Override
        public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String path = request.getPathInfo();
            if (path != null && (path.equals("/" + URL_NAME) || path.equals("/" + URL_NAME + "/"))) {
                chain.doFilter(request, response);
                return true;
            }
            return false;
        }
    }
}
