package io.jenkins.plugins.dr;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import io.jenkins.plugins.dr.config.ConfigYamlSyntax;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The "Disaster Recovery" section of Manage Jenkins → System: the dr.yaml text the plugin's steps and pages run
 * with. Persisted by Jenkins as {@code io.jenkins.plugins.dr.DisasterRecoveryConfiguration.xml}; the symbol names it
 * for configuration-as-code.
 */
@Extension
@Symbol("disasterRecovery")
public class DisasterRecoveryConfiguration extends GlobalConfiguration {
    /** Not persisted: rebuilt with the instance, XStream leaves transient fields alone when loading. */
    private final transient JenkinsFacade jenkins;

    private String configYaml;

    public DisasterRecoveryConfiguration() {
        this(new JenkinsFacade());
    }

    DisasterRecoveryConfiguration(JenkinsFacade jenkins) {
        this.jenkins = jenkins;
        load();
    }

    public static DisasterRecoveryConfiguration get() {
        return ExtensionList.lookupSingleton(DisasterRecoveryConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return "Disaster Recovery";
    }

    public String getConfigYaml() {
        return configYaml;
    }

    @DataBoundSetter
    public void setConfigYaml(String configYaml) {
        this.configYaml = configYaml;
        save();
    }

    /** Validates the textarea as the administrator types; the form asks with POST (checkMethod="post"). */
    @POST
    public FormValidation doCheckConfigYaml(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return ConfigYamlSyntax.problemIn(value).map(FormValidation::error).orElseGet(FormValidation::ok);
    }
}
