package io.jenkins.plugins.dr.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One thing the plan backs up: {@code components.<name>} in dr.yaml. Which of url, path, command, checks and
 * archiveTimeout apply depends on the type ({@link FieldChecks#TYPES_OF_FIELD}); the others are kept in the form but
 * never rendered (see {@link DrYaml}).
 */
public class ComponentEntry extends AbstractDescribableImpl<ComponentEntry> {
    private final String name;
    private final String type;
    private String url;
    private String path;
    private String command;
    private boolean encrypt;
    private String compression;
    private String level;
    private String checks;
    private String archiveTimeout;
    private boolean allowEmpty;
    private String bucket;
    private String prefix;
    private String sample;
    private String cdnUrl;
    private String include;
    private String exclude;
    private boolean builds;
    private boolean pluginBinaries;

    @DataBoundConstructor
    public ComponentEntry(String name, String type) {
        this.name = Text.trimmed(name);
        this.type = Text.trimmed(type);
    }

    public String getName() {
        return name;
    }

    public String getType() {
        return type;
    }

    public String getUrl() {
        return url;
    }

    /** postgres: {@code postgresql://user@host:port/db}; the password comes from credentials, never from here. */
    @DataBoundSetter
    public void setUrl(String url) {
        this.url = Text.trimmed(url);
    }

    public String getPath() {
        return path;
    }

    /** directory: the absolute path of the tree on the agent. */
    @DataBoundSetter
    public void setPath(String path) {
        this.path = Text.trimmed(path);
    }

    public String getCommand() {
        return command;
    }

    /** command: the shell command whose standard output is backed up. */
    @DataBoundSetter
    public void setCommand(String command) {
        this.command = Text.trimmed(command);
    }

    public boolean isEncrypt() {
        return encrypt;
    }

    @DataBoundSetter
    public void setEncrypt(boolean encrypt) {
        this.encrypt = encrypt;
    }

    public String getCompression() {
        return compression;
    }

    /** zstd (default), gzip or none. */
    @DataBoundSetter
    public void setCompression(String compression) {
        this.compression = Text.trimmed(compression);
    }

    public String getLevel() {
        return level;
    }

    /** Text so that the form can keep what was typed; empty means the compression's default level. */
    @DataBoundSetter
    public void setLevel(String level) {
        this.level = Text.trimmed(level);
    }

    public String getChecks() {
        return checks;
    }

    /** postgres: SQL queries that must return true on a restored copy, one per line. */
    @DataBoundSetter
    public void setChecks(String checks) {
        this.checks = checks == null || checks.isBlank() ? null : checks.strip();
    }

    public String getArchiveTimeout() {
        return archiveTimeout;
    }

    public boolean isAllowEmpty() {
        return allowEmpty;
    }

    /** command: whether a command that writes nothing is a valid (empty) backup; by default it fails the backup. */
    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    /** postgres-cluster: the server's archive_timeout (e.g. {@code 60s}), weighed against the RPO target. */
    @DataBoundSetter
    public void setArchiveTimeout(String archiveTimeout) {
        this.archiveTimeout = Text.trimmed(archiveTimeout);
    }

    public String getBucket() {
        return bucket;
    }

    /** s3-prefix: the origin bucket behind the CDN, in the primary region. */
    @DataBoundSetter
    public void setBucket(String bucket) {
        this.bucket = Text.trimmed(bucket);
    }

    public String getPrefix() {
        return prefix;
    }

    /** s3-prefix: only keys under this prefix; empty for the whole bucket. */
    @DataBoundSetter
    public void setPrefix(String prefix) {
        this.prefix = Text.trimmed(prefix);
    }

    public String getSample() {
        return sample;
    }

    /** s3-prefix: objects re-read per region by verification, {@code all} or a count; empty for the default. */
    @DataBoundSetter
    public void setSample(String sample) {
        this.sample = Text.trimmed(sample);
    }

    public String getCdnUrl() {
        return cdnUrl;
    }

    /** s3-prefix: a CDN URL that must answer 200 (the {@code healthCheck: { http: }} of dr.yaml). */
    @DataBoundSetter
    public void setCdnUrl(String cdnUrl) {
        this.cdnUrl = Text.trimmed(cdnUrl);
    }

    public String getInclude() {
        return include;
    }

    /** jenkins-home: glob patterns added to the defaults, one per line. */
    @DataBoundSetter
    public void setInclude(String include) {
        this.include = include == null || include.isBlank() ? null : include.strip();
    }

    public String getExclude() {
        return exclude;
    }

    /** jenkins-home: glob patterns left out on top of the defaults, one per line; they win over every include. */
    @DataBoundSetter
    public void setExclude(String exclude) {
        this.exclude = exclude == null || exclude.isBlank() ? null : exclude.strip();
    }

    public boolean isBuilds() {
        return builds;
    }

    /** jenkins-home: also the build records (jobs/**}{@code /builds/**). */
    @DataBoundSetter
    public void setBuilds(boolean builds) {
        this.builds = builds;
    }

    public boolean isPluginBinaries() {
        return pluginBinaries;
    }

    /** jenkins-home: also the plugin archives (plugins/*.jpi, *.hpi), not only their list. */
    @DataBoundSetter
    public void setPluginBinaries(boolean pluginBinaries) {
        this.pluginBinaries = pluginBinaries;
    }

    /** The default patterns of a jenkins-home component, shown on the page (the engine's own lists). */
    public static String getDefaultIncludes() {
        return String.join(", ", org.drjenkins.engine.config.JenkinsHomeSpec.DEFAULT_INCLUDE);
    }

    public static String getDefaultExcludes() {
        return String.join(", ", org.drjenkins.engine.config.JenkinsHomeSpec.DEFAULT_EXCLUDE);
    }

    public List<String> checkList() {
        return Text.lines(checks);
    }

    /** Form validation of a component row. */
    @Extension
    public static class DescriptorImpl extends Descriptor<ComponentEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.ComponentEntry_displayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.componentName(value));
        }

        @POST
        public FormValidation doCheckType(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.componentType(value));
        }

        @POST
        public ListBoxModel doFillTypeItems() {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            ListBoxModel types = new ListBoxModel();
            FieldChecks.COMPONENT_TYPES.forEach(type -> types.add(type, type));
            return types;
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.componentUrl(value, type));
        }

        @POST
        public FormValidation doCheckPath(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.componentPath(value, type));
        }

        @POST
        public FormValidation doCheckCommand(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.componentCommand(value, type));
        }

        @POST
        public FormValidation doCheckArchiveTimeout(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.archiveTimeout(value, type));
        }

        @POST
        public FormValidation doCheckBucket(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.assetField("bucket", value, type));
        }

        @POST
        public FormValidation doCheckPrefix(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.assetField("prefix", value, type));
        }

        @POST
        public FormValidation doCheckSample(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.assetField("sample", value, type));
        }

        @POST
        public FormValidation doCheckCdnUrl(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.assetField("cdnUrl", value, type));
        }

        @POST
        public FormValidation doCheckEncrypt(@QueryParameter boolean value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.encrypt(value,
                    DisasterRecoveryConfiguration.get().getAgeRecipientList()));
        }

        @POST
        public FormValidation doCheckCompression(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.compression(value));
        }

        @POST
        public ListBoxModel doFillCompressionItems() {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            ListBoxModel compressions = new ListBoxModel();
            // Blank is the engine's default: without this choice a select shows zstd for it and saving writes zstd,
            // so an unchanged page would not save what it showed.
            compressions.add(FieldChecks.DEFAULT_COMPRESSION + " (default)", "");
            FieldChecks.COMPRESSIONS.forEach(compression -> compressions.add(compression, compression));
            return compressions;
        }

        @POST
        public FormValidation doCheckLevel(@QueryParameter String value, @QueryParameter String compression) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.level(value, compression));
        }

        @POST
        public FormValidation doCheckChecks(@QueryParameter String value, @QueryParameter String type) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.sqlChecks(value, type));
        }
    }
}
