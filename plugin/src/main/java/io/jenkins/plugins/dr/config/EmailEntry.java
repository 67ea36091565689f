package io.jenkins.plugins.dr.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.credentials.CredentialKinds;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Email over SMTP ({@code notifications.email}): the customer email to stakeholders, the executive updates and mail to
 * the on-call. The login is a username/password credential referenced by id; without an SMTP host the Mailer
 * plugin's server (Manage Jenkins &gt; System &gt; E-mail Notification) is used when Mailer is installed.
 */
public class EmailEntry extends AbstractDescribableImpl<EmailEntry> {
    private String host;
    private String port;
    private boolean starttls = true;
    private String from;
    private String credentialsId;
    private String stakeholders;
    private String executives;
    /** Set only on the copy that takes Mailer's server: its login then comes from Mailer, on use. */
    private transient boolean mailerLogin;

    @DataBoundConstructor
    public EmailEntry() {
    }

    public String getHost() {
        return host;
    }

    /** The SMTP server; empty: the Mailer plugin's. */
    @DataBoundSetter
    public void setHost(String host) {
        this.host = Text.trimmed(host);
    }

    public String getPort() {
        return port;
    }

    /** Empty: 587. */
    @DataBoundSetter
    public void setPort(String port) {
        this.port = Text.trimmed(port);
    }

    public boolean isStarttls() {
        return starttls;
    }

    /** Require STARTTLS before logging in, so the password never crosses the network in clear. */
    @DataBoundSetter
    public void setStarttls(boolean starttls) {
        this.starttls = starttls;
    }

    public String getFrom() {
        return from;
    }

    @DataBoundSetter
    public void setFrom(String from) {
        this.from = Text.trimmed(from);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** A username/password credential: the SMTP login. Empty: a server without authentication (or Mailer's login). */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Text.trimmed(credentialsId);
    }

    public String getStakeholders() {
        return stakeholders;
    }

    /** One address a line: who gets the customer email. */
    @DataBoundSetter
    public void setStakeholders(String stakeholders) {
        this.stakeholders = Text.trimmed(stakeholders);
    }

    public String getExecutives() {
        return executives;
    }

    /** One address a line: who gets the executive updates. */
    @DataBoundSetter
    public void setExecutives(String executives) {
        this.executives = Text.trimmed(executives);
    }

    /** True when the plan names a login: a credential of this entry, or Mailer's. */
    boolean usesLogin() {
        return credentialsId != null || mailerLogin;
    }

    boolean usesMailerLogin() {
        return mailerLogin;
    }

    /** This entry completed with Mailer's server where it has none of its own; itself when it has a host. */
    EmailEntry withMailerDefaults(MailerSmtp.Settings mailer) {
        if (host != null || mailer == null || mailer.host() == null) {
            return this;
        }
        EmailEntry copy = copy();
        copy.host = mailer.host();
        copy.port = port != null ? port : mailer.port();
        copy.starttls = mailer.starttls();
        copy.from = from != null ? from : mailer.from();
        copy.mailerLogin = credentialsId == null && mailer.username() != null;
        return copy;
    }

    /** The same settings with another credential: an import keeps the id it cannot know. */
    EmailEntry withCredentialsId(String id) {
        EmailEntry copy = copy();
        copy.credentialsId = Text.trimmed(id);
        return copy;
    }

    private EmailEntry copy() {
        EmailEntry copy = new EmailEntry();
        copy.host = host;
        copy.port = port;
        copy.starttls = starttls;
        copy.from = from;
        copy.credentialsId = credentialsId;
        copy.stakeholders = stakeholders;
        copy.executives = executives;
        return copy;
    }

    /** Form validation of the email channel. */
    @Extension
    public static class DescriptorImpl extends Descriptor<EmailEntry> {
        private final transient JenkinsFacade jenkins = new JenkinsFacade();

        @Override
        public String getDisplayName() {
            return Messages.EmailEntry_displayName();
        }

        @POST
        public FormValidation doCheckHost(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            if (value == null || value.isBlank()) {
                return MailerSmtp.current().filter(m -> m.host() != null)
                        .map(m -> FormValidation.ok("Empty: the Mailer plugin's SMTP server " + m.host() + " is used"))
                        .orElse(FormValidation.error("Write the SMTP server, e.g. smtp.example.com, or configure one"
                                + " in the Mailer plugin under E-mail Notification"));
            }
            return Validations.toForm(IncidentChecks.emailField("host", value));
        }

        @POST
        public FormValidation doCheckPort(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.emailField("port", value));
        }

        @POST
        public FormValidation doCheckFrom(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            if (value == null || value.isBlank()) {
                return MailerSmtp.current().filter(m -> m.from() != null)
                        .map(m -> FormValidation.ok("Empty: the Mailer plugin's address " + m.from() + " is used"))
                        .orElse(FormValidation.error("Write the sender address, e.g. dr@example.com"));
            }
            return Validations.toForm(IncidentChecks.emailField("from", value));
        }

        @POST
        public FormValidation doCheckStakeholders(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.emailField("stakeholders", value));
        }

        @POST
        public FormValidation doCheckExecutives(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.toForm(IncidentChecks.emailField("executives", value));
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.credentialsId(value, CredentialKinds.database(), "username/password");
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            jenkins.checkPermission(Jenkins.ADMINISTER);
            return Validations.credentialsItems(null, CredentialKinds.database(), credentialsId);
        }
    }
}
