package io.jenkins.plugins.dr.config;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;

/**
 * Jenkins' side of form validation: turns a {@link Check} into a FormValidation and lists credentials. Callers check
 * the permission themselves, first (an ArchUnit rule requires it of every doCheck and doFill method).
 */
public final class Validations {
    private Validations() {
    }

    public static FormValidation toForm(Check check) {
        return switch (check.kind()) {
            case OK -> check.message() == null ? FormValidation.ok() : FormValidation.ok(check.message());
            case WARNING -> FormValidation.warning(check.message());
            case ERROR -> FormValidation.error(check.message());
        };
    }

    /**
     * The credentials of a type visible in a context ({@code null}: Jenkins itself, i.e. the global configuration),
     * with an empty choice and the current value kept even when it is no longer visible, so a save never drops it.
     */
    public static ListBoxModel credentialsItems(Item context, Class<? extends StandardCredentials> type, String current) {
        return credentialsItems(context, CredentialsMatchers.instanceOf(type), current);
    }

    /** As above for the standard credentials a matcher accepts (e.g. AWS or username/password). */
    public static ListBoxModel credentialsItems(Item context, CredentialsMatcher matcher, String current) {
        return new StandardListBoxModel().includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, context, StandardCredentials.class, List.of(), matcher)
                .includeCurrentValue(current);
    }

    /** Warns (never errors: the credential may be created later) when no credential of the type has the id. */
    public static FormValidation credentialsId(String id, Class<? extends StandardCredentials> type, String kind) {
        return credentialsId(id, CredentialsMatchers.instanceOf(type), kind);
    }

    /** As above for the standard credentials a matcher accepts. */
    public static FormValidation credentialsId(String id, CredentialsMatcher matcher, String kind) {
        if (id == null || id.isBlank()) {
            return FormValidation.ok();
        }
        List<StandardCredentials> visible =
                CredentialsProvider.lookupCredentialsInItem(StandardCredentials.class, null, ACL.SYSTEM2, List.of());
        if (CredentialsMatchers.firstOrNull(visible,
                CredentialsMatchers.allOf(matcher, CredentialsMatchers.withId(id.strip()))) == null) {
            return FormValidation.warning("No " + kind + " credential with id '" + id.strip()
                    + "' is defined in Jenkins; add it under Manage Jenkins > Credentials or pick one from the list");
        }
        return FormValidation.ok();
    }
}
