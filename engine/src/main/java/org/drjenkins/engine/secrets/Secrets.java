package org.drjenkins.engine.secrets;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Everything secret a run needs, kept out of the configuration file. {@link #toString()} never shows a value.
 *
 * @param aws           AWS credentials; the SDK's default chain when none were given
 * @param pgPassword    the database password ({@code PGPASSWORD}); empty means .pgpass or trust
 * @param ageRecipients public age keys from {@code DR_AGE_RECIPIENTS} (added to the file's)
 * @param ageIdentity   the private age key ({@code AGE-SECRET-KEY-1…}), only for verification and restore
 */
public record Secrets(AwsCredentialsProvider aws, Optional<String> pgPassword, List<String> ageRecipients,
        Optional<String> ageIdentity) {

    public Secrets {
        ageRecipients = List.copyOf(ageRecipients);
    }

    /** Reads {@code PGPASSWORD}, {@code DR_AGE_RECIPIENTS}, {@code DR_AGE_IDENTITY} / {@code DR_AGE_IDENTITY_FILE}. */
    public static Secrets fromEnvironment(Map<String, String> env) {
        return new Secrets(DefaultCredentialsProvider.builder().build(), Optional.ofNullable(emptyToNull(env.get("PGPASSWORD"))),
                SecretSources.recipients(env.get("DR_AGE_RECIPIENTS")), SecretSources.identity(env));
    }

    public Secrets withAws(AwsCredentialsProvider provider) {
        return new Secrets(provider, pgPassword, ageRecipients, ageIdentity);
    }

    public Secrets withAgeIdentity(String identity) {
        return new Secrets(aws, pgPassword, ageRecipients, Optional.ofNullable(identity));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "Secrets[aws=" + aws.getClass().getSimpleName() + ", pgPassword=" + (pgPassword.isPresent() ? "****" : "none")
                + ", ageRecipients=" + ageRecipients.size() + ", ageIdentity=" + (ageIdentity.isPresent() ? "****" : "none") + "]";
    }
}
