package io.jenkins.plugins.dr.incident;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.security.ACL;
import io.jenkins.plugins.dr.credentials.AwsKeys;
import io.jenkins.plugins.dr.credentials.AwsPluginCredentials;
import io.jenkins.plugins.dr.credentials.ChannelSecrets;
import io.jenkins.plugins.dr.credentials.CredentialKinds;
import java.util.List;
import java.util.Optional;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Credentials of the Jenkins (system) store, for what runs outside any build: the PagerDuty webhook endpoint. Builds
 * resolve theirs through {@code CredentialsResolver}, with folder credentials and usage tracking; here there is no
 * build, so only global credentials count. Values never leave as text in a message.
 */
final class SystemCredentials {

    private SystemCredentials() {
    }

    static Optional<StandardCredentials> byId(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        // No item group: the Jenkins root, whose global store is what an endpoint without a build may use.
        List<StandardCredentials> all = CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class, null,
                ACL.SYSTEM2, List.of());
        return Optional.ofNullable(CredentialsMatchers.firstOrNull(all, CredentialsMatchers.withId(id.strip())));
    }

    /** A secret text's value, or empty when there is no secret text with this id. */
    static Optional<String> secretText(String id) {
        return byId(id).filter(StringCredentials.class::isInstance).map(c -> ((StringCredentials) c).getSecret().getPlainText().strip())
                .filter(value -> !value.isEmpty());
    }

    /** AWS keys from an AWS Credentials entry or a username (access key id) / password (secret access key). */
    static Optional<AwsKeys> aws(String id) {
        Optional<StandardCredentials> credential = byId(id);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        if (credential.get() instanceof StandardUsernamePasswordCredentials keys) {
            return Optional.of(new AwsKeys(keys.getUsername(), keys.getPassword().getPlainText(), null));
        }
        if (CredentialKinds.awsCredentialsType().filter(type -> type.isInstance(credential.get())).isPresent()) {
            return Optional.of(AwsPluginCredentials.resolve(credential.get()));
        }
        return Optional.empty();
    }

    /** The paging channels' secrets (routing key, API key, SMTP login) as the global store has them. */
    static ChannelSecrets channels() {
        return new ChannelSecrets("PagerDuty webhook", id -> byId(id).orElse(null));
    }
}
