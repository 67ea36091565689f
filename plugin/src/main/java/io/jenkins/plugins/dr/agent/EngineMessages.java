package io.jenkins.plugins.dr.agent;

/**
 * Engine messages in the words of a pipeline step. The engine speaks to the command line ({@code --component},
 * {@code DR_AGE_IDENTITY}); a step's reader needs the step's parameter names and the Jenkins setting that fixes it.
 */
final class EngineMessages {
    private EngineMessages() {
    }

    /** One line, prefixed with the step, options renamed to parameters, secrets masked. */
    static String forStep(String stepName, String message, SecretMasker masker) {
        String text = message == null || message.isBlank() ? "failed without a message" : message;
        text = text.replace("\r", "").replaceAll("\n\\s*", " | ").strip();
        text = text.replace("--component ", "component ").replace("--backup ", "backup ")
                .replace("--target", "target").replace("--integrity-only", "integrityOnly");
        if (text.contains("DR_AGE_IDENTITY")) {
            text += " (in Jenkins: set ageIdentityCredentialsId on the step, or the default age identity in Manage"
                    + " Jenkins > System > Disaster Recovery, to a secret text or secret file credential)";
        }
        return masker.mask(stepName + ": " + text);
    }
}
