package io.jenkins.plugins.dr.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One region of the plan, as a row of the global configuration: {@code regions[]} in dr.yaml. */
public class RegionEntry extends AbstractDescribableImpl<RegionEntry> {
    private final String name;
    private final String role;
    private final String bucket;
    private String endpoint;
    private String database;
    private String failoverSettings;

    @DataBoundConstructor
    public RegionEntry(String name, String role, String bucket) {
        this.name = Text.trimmed(name);
        this.role = Text.trimmed(role);
        this.bucket = Text.trimmed(bucket);
    }

    public String getName() {
        return name;
    }

    public String getRole() {
        return role;
    }

    public String getBucket() {
        return bucket;
    }

    public String getEndpoint() {
        return endpoint;
    }

    /** An S3-compatible endpoint (MinIO, Ceph); empty for AWS S3 itself. */
    @DataBoundSetter
    public void setEndpoint(String endpoint) {
        this.endpoint = Text.trimmed(endpoint);
    }

    public String getDatabase() {
        return database;
    }

    /** The region's PostgreSQL server for failover ({@code postgresql://user@host:port/db}, never a password). */
    @DataBoundSetter
    public void setDatabase(String database) {
        this.database = Text.trimmed(database);
    }

    public String getFailoverSettings() {
        return failoverSettings;
    }

    /**
     * The region's other failover settings as a YAML mapping: dataDirectory, healthChecks, dns, faultCommand,
     * rejoinCommand. Kept as YAML because they are nested (checks, a DNS record) and ConfigLoader validates them.
     */
    @DataBoundSetter
    public void setFailoverSettings(String failoverSettings) {
        this.failoverSettings = failoverSettings == null || failoverSettings.isBlank() ? null
                : failoverSettings.stripTrailing();
    }

    /** Form validation of a region row; every check reuses the engine's own message for the field. */
    @Extension
    public static class DescriptorImpl extends Descriptor<RegionEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.RegionEntry_displayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.regionName(value));
        }

        @POST
        public FormValidation doCheckRole(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.regionRole(value));
        }

        @POST
        public ListBoxModel doFillRoleItems() {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            ListBoxModel roles = new ListBoxModel();
            for (String role : FieldChecks.ROLES) {
                roles.add(role, role);
            }
            return roles;
        }

        @POST
        public FormValidation doCheckBucket(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.bucket(value));
        }

        @POST
        public FormValidation doCheckEndpoint(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.endpoint(value));
        }

        @POST
        public FormValidation doCheckDatabase(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.regionDatabase(value));
        }

        @POST
        public FormValidation doCheckFailoverSettings(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(FieldChecks.regionFailoverSettings(value));
        }
    }
}
