package io.jenkins.plugins.dr.agent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.drjenkins.engine.secrets.Secrets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The secrets a step resolved from Jenkins credentials on the controller, carried to the agent as plain strings
 * (the remoting channel is the agent connection Jenkins already trusts with the build). Never on the build, never in
 * the log: {@link #toString()} shows which are present, not what they are, and every value is masked in the log.
 */
public final class AgentSecrets implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Where the engine's RFC 2136 DNS switch reads the TSIG secret. */
    public static final String DNS_TSIG_VARIABLE = org.drjenkins.engine.config.DnsSettings.TSIG_SECRET_ENV;

    private final String awsAccessKeyId;
    private final String awsSecretAccessKey;
    private final String awsSessionToken;
    private final String databasePassword;
    private final String ageIdentity;
    /** TreeMap: serializable, and its toString order is stable. */
    private final TreeMap<String, String> environment;

    /**
     * @param awsAccessKeyId     null: the agent's default AWS provider chain (environment, profile, instance role)
     * @param awsSessionToken    for temporary credentials (an assumed role), else null
     * @param databasePassword   PGPASSWORD for pg_dump/pg_restore, else null (.pgpass or trust on the agent)
     * @param ageIdentity        the private age key, only for steps that decrypt (verification, drills)
     * @param environment        secret environment variables the engine reads by name: webhook URLs (the plan's
     *                           {@code urlEnv}) and {@code DR_DNS_TSIG_SECRET}
     */
    public AgentSecrets(String awsAccessKeyId, String awsSecretAccessKey, String awsSessionToken,
            String databasePassword, String ageIdentity, Map<String, String> environment) {
        if ((awsAccessKeyId == null) != (awsSecretAccessKey == null)) {
            throw new IllegalArgumentException("an AWS access key id needs its secret access key and vice versa");
        }
        this.awsAccessKeyId = awsAccessKeyId;
        this.awsSecretAccessKey = awsSecretAccessKey;
        this.awsSessionToken = awsSessionToken;
        this.databasePassword = databasePassword;
        this.ageIdentity = ageIdentity;
        this.environment = new TreeMap<>(environment == null ? Map.of() : environment);
    }

    public AgentSecrets(String awsAccessKeyId, String awsSecretAccessKey, String awsSessionToken,
            String databasePassword, String ageIdentity) {
        this(awsAccessKeyId, awsSecretAccessKey, awsSessionToken, databasePassword, ageIdentity, Map.of());
    }

    /** The agent's environment with the secret variables added (they win): what the engine's failover reads. */
    public Map<String, String> environmentOver(Map<String, String> agentEnvironment) {
        Map<String, String> merged = new java.util.HashMap<>(agentEnvironment);
        merged.putAll(environment);
        return merged;
    }

    public static AgentSecrets none() {
        return new AgentSecrets(null, null, null, null, null);
    }

    /** The engine's secrets: static AWS keys when given, else the SDK's default chain as the agent sees it. */
    public Secrets toEngine() {
        return new Secrets(awsProvider(), Optional.ofNullable(databasePassword), List.of(),
                Optional.ofNullable(ageIdentity));
    }

    AwsCredentialsProvider awsProvider() {
        if (awsAccessKeyId == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(awsSessionToken == null
                ? AwsBasicCredentials.create(awsAccessKeyId, awsSecretAccessKey)
                : AwsSessionCredentials.create(awsAccessKeyId, awsSecretAccessKey, awsSessionToken));
    }

    public boolean hasAgeIdentity() {
        return ageIdentity != null;
    }

    /** Every secret value, for masking. The access key id is an identifier, not a secret, and stays readable. */
    public List<String> values() {
        List<String> values = new ArrayList<>();
        for (String value : new String[] {awsSecretAccessKey, awsSessionToken, databasePassword, ageIdentity}) {
            if (value != null && !value.isEmpty()) {
                values.add(value);
            }
        }
        environment.values().stream().filter(value -> value != null && !value.isEmpty()).forEach(values::add);
        return values;
    }

    public SecretMasker masker() {
        return new SecretMasker(values());
    }

    @Override
    public String toString() {
        return "AgentSecrets[aws=" + (awsAccessKeyId == null ? "default chain" : awsAccessKeyId + "/****"
                + (awsSessionToken == null ? "" : " (session)")) + ", databasePassword="
                + (databasePassword == null ? "none" : "****") + ", ageIdentity=" + (ageIdentity == null ? "none" : "****")
                + (environment.isEmpty() ? "" : ", environment=" + environment.keySet()) + "]";
    }
}
