package io.jenkins.plugins.dr.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.dr.agent.AgentSecrets;
import io.jenkins.plugins.dr.credentials.AgeIdentities;
import io.jenkins.plugins.dr.credentials.AwsKeys;
import io.jenkins.plugins.dr.credentials.AwsPluginCredentials;
import io.jenkins.plugins.dr.credentials.CredentialKinds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves a step's credentials ids on the controller, as the build sees them (folder and job credentials included,
 * usage tracked), into the secrets the agent task carries. Messages name the id and the kind wanted, never a value.
 */
public final class CredentialsResolver {
    private final String stepName;
    private final Run<?, ?> run;

    public CredentialsResolver(String stepName, Run<?, ?> run) {
        this.stepName = stepName;
        this.run = run;
    }

    /**
     * @param awsId         AWS or username/password credential; null: the agent's default AWS provider chain
     * @param databaseId    username/password credential whose password is the database's; null: none
     * @param ageIdentityId secret text or secret file with the age identity; null: none (pass it only to steps that
     *                      decrypt)
     */
    public AgentSecrets resolve(String awsId, String databaseId, String ageIdentityId) throws IOException {
        return resolve(awsId, databaseId, ageIdentityId, Map.of());
    }

    /** @param environment secret environment variables for the engine (see {@link #tsigEnvironment} and ChannelSecrets) */
    public AgentSecrets resolve(String awsId, String databaseId, String ageIdentityId, Map<String, String> environment)
            throws IOException {
        AwsKeys aws = awsId == null ? null : aws(awsId);
        String databasePassword = databaseId == null ? null : databasePassword(databaseId);
        String ageIdentity = ageIdentityId == null ? null : ageIdentity(ageIdentityId);
        return aws == null ? new AgentSecrets(null, null, null, databasePassword, ageIdentity, environment)
                : new AgentSecrets(aws.accessKeyId(), aws.secretAccessKey(), aws.sessionToken(), databasePassword,
                        ageIdentity, environment);
    }

    /**
     * What a DNS switch reads from the environment: the TSIG secret. Strict: a failover whose DNS update cannot be
     * signed must fail at its gates, not after the promotion.
     */
    public Map<String, String> tsigEnvironment(String tsigId) throws AbortException {
        if (tsigId == null) {
            return Map.of();
        }
        StandardCredentials credential = find("dnsTsigCredentialsId", tsigId, "a secret text");
        if (!(credential instanceof StringCredentials text)) {
            throw wrongKind("dnsTsigCredentialsId", tsigId, "a secret text (the TSIG key's base64 secret)");
        }
        return Map.of(AgentSecrets.DNS_TSIG_VARIABLE, text.getSecret().getPlainText().strip());
    }

    private AwsKeys aws(String id) throws AbortException {
        StandardCredentials credential = find("awsCredentialsId", id, "an AWS Credentials or username/password");
        if (credential instanceof StandardUsernamePasswordCredentials keys) {
            return new AwsKeys(keys.getUsername(), keys.getPassword().getPlainText(), null);
        }
        if (CredentialKinds.awsCredentialsType().filter(type -> type.isInstance(credential)).isPresent()) {
            return AwsPluginCredentials.resolve(credential);
        }
        throw wrongKind("awsCredentialsId", id, "an AWS Credentials entry or a username (access key id) / password"
                + " (secret access key)");
    }

    private String databasePassword(String id) throws AbortException {
        StandardCredentials credential = find("databaseCredentialsId", id, "a username/password");
        if (credential instanceof StandardUsernamePasswordCredentials login) {
            return login.getPassword().getPlainText();
        }
        throw wrongKind("databaseCredentialsId", id, "a username/password (the password is used; the user comes from"
                + " the component's URL)");
    }

    private String ageIdentity(String id) throws IOException {
        StandardCredentials credential = find("ageIdentityCredentialsId", id, "a secret text or secret file");
        if (credential instanceof StringCredentials text) {
            return AgeIdentities.firstIn(text.getSecret().getPlainText()).orElseThrow(() -> notAnIdentity(id));
        }
        if (credential instanceof FileCredentials file) {
            try (InputStream content = file.getContent()) {
                return AgeIdentities.firstIn(new String(content.readAllBytes(), StandardCharsets.UTF_8))
                        .orElseThrow(() -> notAnIdentity(id));
            }
        }
        throw wrongKind("ageIdentityCredentialsId", id, "a secret text or secret file holding AGE-SECRET-KEY-1...");
    }

    private StandardCredentials find(String parameter, String id, String kind) throws AbortException {
        StandardCredentials credential = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        if (credential == null) {
            throw new AbortException(stepName + ": " + parameter + " '" + id + "': no credential with this id is"
                    + " visible to this build; add " + kind + " credential with this id (Manage Jenkins > Credentials,"
                    + " or the job's folder) or fix the id");
        }
        CredentialsProvider.track(run, credential);
        return credential;
    }

    private AbortException wrongKind(String parameter, String id, String wanted) {
        return new AbortException(stepName + ": " + parameter + " '" + id + "' is not " + wanted + " credential;"
                + " choose one of that kind");
    }

    private AbortException notAnIdentity(String id) {
        return new AbortException(stepName + ": ageIdentityCredentialsId '" + id + "' holds no line starting with "
                + AgeIdentities.PREFIX + "; store the output of age-keygen (the private key file) in it");
    }
}
