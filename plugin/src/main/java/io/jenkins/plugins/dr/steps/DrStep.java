package io.jenkins.plugins.dr.steps;

import io.jenkins.plugins.dr.config.Text;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The options every DR step has: where the plan comes from, which credentials override the global defaults, and
 * whether a missed target marks the build unstable.
 */
public abstract class DrStep extends Step {
    private String configFile;
    private String awsCredentialsId;
    private String databaseCredentialsId;
    private boolean unstableOnViolation;

    public String getConfigFile() {
        return configFile;
    }

    /** A dr.yaml in the workspace to run with instead of the global configuration. */
    @DataBoundSetter
    public void setConfigFile(String configFile) {
        this.configFile = Text.trimmed(configFile);
    }

    public String getAwsCredentialsId() {
        return awsCredentialsId;
    }

    @DataBoundSetter
    public void setAwsCredentialsId(String awsCredentialsId) {
        this.awsCredentialsId = Text.trimmed(awsCredentialsId);
    }

    public String getDatabaseCredentialsId() {
        return databaseCredentialsId;
    }

    @DataBoundSetter
    public void setDatabaseCredentialsId(String databaseCredentialsId) {
        this.databaseCredentialsId = Text.trimmed(databaseCredentialsId);
    }

    public boolean isUnstableOnViolation() {
        return unstableOnViolation;
    }

    /** When the operation worked but a measured RPO/RTO is past its target: UNSTABLE instead of only a log line. */
    @DataBoundSetter
    public void setUnstableOnViolation(boolean unstableOnViolation) {
        this.unstableOnViolation = unstableOnViolation;
    }

    /** Fails the step with one clear line before anything runs when its arguments are wrong. */
    protected static void refuse(java.util.Optional<String> problem) throws hudson.AbortException {
        if (problem.isPresent()) {
            throw new hudson.AbortException(problem.get());
        }
    }
}
