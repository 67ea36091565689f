package io.jenkins.plugins.dr.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Run;
import hudson.util.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The secrets of the notice channels (webhook URLs, PagerDuty, Opsgenie, email), resolved from credentials when a step runs (never when the page
 * renders or the plan is exported) into the environment variables the rendered dr.yaml names: the engine's
 * NoticeChannels reads them on the agent, and the step masks every value in the log as it does the AWS and age keys.
 * A channel whose credential is missing is only warned about: a notice that cannot be sent must not hold up a failover.
 */
public final class ChannelSecrets {
    public static final String PAGERDUTY_ROUTING_KEY = "DR_PAGERDUTY_ROUTING_KEY";
    public static final String OPSGENIE_API_KEY = "DR_OPSGENIE_API_KEY";
    public static final String SMTP_USER = "DR_SMTP_USER";
    public static final String SMTP_PASSWORD = "DR_SMTP_PASSWORD";

    /**
     * The credentials ids the channels name, and Mailer's login when the email channel uses Mailer's server.
     *
     * @param mailerUsername {@code null} unless the email channel takes Mailer's login
     * @param mailerPassword Mailer's stored secret, decrypted only in {@link #environment}
     */
    public record Ids(String pagerDutyRoutingKey, String opsgenieApiKey, String smtpLogin, String mailerUsername,
            Secret mailerPassword, List<Webhook> webhooks) {
        /** Without webhooks. */
        public Ids(String pagerDutyRoutingKey, String opsgenieApiKey, String smtpLogin, String mailerUsername,
                Secret mailerPassword) {
            this(pagerDutyRoutingKey, opsgenieApiKey, smtpLogin, mailerUsername, mailerPassword, List.of());
        }

        public Ids {
            webhooks = List.copyOf(webhooks);
        }

        @Override
        public String toString() {
            return "Ids[pagerduty=" + pagerDutyRoutingKey + ", opsgenie=" + opsgenieApiKey + ", smtp=" + smtpLogin
                    + (mailerUsername == null ? "" : ", mailer login " + mailerUsername) + ", webhooks=" + webhooks + "]";
        }
    }

    /**
     * A webhook of the plan: its name in messages, the variable the rendered dr.yaml reads its URL from, and the
     * secret text credential holding the URL (it carries the channel's token), or null when it names none.
     */
    public record Webhook(String label, String variable, String urlCredentialsId) {
    }

    private final Function<String, StandardCredentials> lookup;
    private final String who;

    /** @param lookup a credential by id, as the caller sees it (a build: folder and job credentials, usage tracked) */
    public ChannelSecrets(String who, Function<String, StandardCredentials> lookup) {
        this.who = who;
        this.lookup = lookup;
    }

    /** As a build sees the credentials, each use tracked on it. */
    public static ChannelSecrets forRun(String stepName, Run<?, ?> run) {
        return new ChannelSecrets(stepName, id -> {
            StandardCredentials credential = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
            if (credential != null) {
                CredentialsProvider.track(run, credential);
            }
            return credential;
        });
    }

    /**
     * The variables for every channel whose secret resolves.
     *
     * @param warnings receives one line per channel left without its secret (naming the id, never a value)
     */
    public Map<String, String> environment(Ids ids, List<String> warnings) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Webhook webhook : ids.webhooks()) {
            String id = webhook.urlCredentialsId();
            StandardCredentials credential = id == null ? null : lookup.apply(id);
            if (credential instanceof StringCredentials url) {
                environment.put(webhook.variable(), url.getSecret().getPlainText().strip());
            } else {
                warnings.add(who + ": " + webhook.label() + " gets no notices: " + (id == null ? "it names no URL credential"
                        : "'" + id + "' is not a secret text credential visible to this build"));
            }
        }
        secretText(ids.pagerDutyRoutingKey(), "PagerDuty routing key", warnings)
                .forEach((k, v) -> environment.put(PAGERDUTY_ROUTING_KEY, v));
        secretText(ids.opsgenieApiKey(), "Opsgenie API key", warnings)
                .forEach((k, v) -> environment.put(OPSGENIE_API_KEY, v));
        if (ids.smtpLogin() != null) {
            StandardCredentials credential = lookup.apply(ids.smtpLogin());
            if (credential instanceof StandardUsernamePasswordCredentials login) {
                environment.put(SMTP_USER, login.getUsername());
                environment.put(SMTP_PASSWORD, login.getPassword().getPlainText());
            } else {
                warnings.add(missing("email", ids.smtpLogin(), "username/password"));
            }
        } else if (ids.mailerUsername() != null && ids.mailerPassword() != null) {
            environment.put(SMTP_USER, ids.mailerUsername());
            environment.put(SMTP_PASSWORD, ids.mailerPassword().getPlainText());
        }
        return environment;
    }

    private Map<String, String> secretText(String id, String what, List<String> warnings) {
        if (id == null) {
            return Map.of();
        }
        StandardCredentials credential = lookup.apply(id);
        if (credential instanceof StringCredentials text) {
            return Map.of(what, text.getSecret().getPlainText().strip());
        }
        warnings.add(missing(what, id, "secret text"));
        return Map.of();
    }

    private String missing(String channel, String id, String kind) {
        return who + ": the " + channel + " channel gets no notices: '" + id + "' is not a " + kind
                + " credential visible here; add one with this id under Manage Jenkins > Credentials or fix the id";
    }
}
