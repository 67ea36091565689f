package io.jenkins.plugins.dr.config;

import hudson.Extension;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.dr.credentials.ChannelSecrets;
import io.jenkins.plugins.dr.credentials.CredentialKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.drjenkins.engine.config.ConfigException;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.ConfigMapSource;
import org.drjenkins.engine.config.ConfigProblem;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The "Disaster Recovery" section of Manage Jenkins → System: the plan (the dr.yaml model, field by field), the
 * default credentials of the pipeline steps, the DNS TSIG secret and the notification webhooks. Persisted by Jenkins as
 * {@code io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration.xml}; {@code @Symbol} names it for configuration as
 * code ({@code unclassified: disasterRecovery:}).
 *
 * <p>The steps never read these fields one by one: {@link #toYaml()} renders the plan as dr.yaml text and the
 * engine's ConfigLoader parses it on the agent, so the form, the CLI and the steps share one validator.
 */
@Extension
@Symbol("disasterRecovery")
public class DisasterRecoveryConfiguration extends GlobalConfiguration {
    private static final String IMPORT_SOURCE = "the imported dr.yaml";

    /** Not persisted: rebuilt with the instance; XStream leaves transient fields alone when loading. */
    private final transient JenkinsFacade jenkins;
    /** True while Stapler binds a submitted form: setters then leave saving to {@link #configure}. */
    private transient boolean binding;

    private List<RegionEntry> regions = new ArrayList<>();
    private String failoverThreshold;
    private String healthCheckInterval;
    private String backupRetention;
    private List<TargetEntry> targets = new ArrayList<>();
    private List<ComponentEntry> components = new ArrayList<>();
    private String ageRecipients;
    private String awsCredentialsId;
    private String databaseCredentialsId;
    private String ageIdentityCredentialsId;
    private List<WebhookEntry> webhooks = new ArrayList<>();
    private String notificationService;
    private String dnsTsigCredentialsId;
    private String oncall;
    private IncidentEntry incidents;
    private PagerDutyEntry pagerDuty;
    private OpsgenieEntry opsgenie;
    private EmailEntry email;
    /** Only ever set by round-1 installations, which kept the plan as text: imported once on load. */
    private String configYaml;

    public DisasterRecoveryConfiguration() {
        this(new JenkinsFacade());
    }

    DisasterRecoveryConfiguration(JenkinsFacade jenkins) {
        this.jenkins = jenkins;
        load();
        if (configYaml != null && !configYaml.isBlank() && ConfigLoader.problems(configYaml).isEmpty()) {
            apply(DrYaml.fromYaml(configYaml, IMPORT_SOURCE));
        }
        configYaml = null;
    }

    public static DisasterRecoveryConfiguration get() {
        return new JenkinsFacade().singleton(DisasterRecoveryConfiguration.class);
    }

    /**
     * The id it had before it moved into this package: it names the file in JENKINS_HOME that holds the settings
     * ({@code io.jenkins.plugins.dr.DisasterRecoveryConfiguration.xml}), so existing settings keep loading.
     */
    @Override
    public String getId() {
        return "io.jenkins.plugins.dr.DisasterRecoveryConfiguration";
    }

    @Override
    public String getDisplayName() {
        return Messages.DisasterRecoveryConfiguration_displayName();
    }

    /** The plan as dr.yaml text: what every pipeline step runs with (unless it names its own file). */
    public String toYaml() {
        return DrYaml.render(planForm());
    }

    /** The plan as the steps run it: an email channel without a host takes the Mailer plugin's server. */
    public PlanForm planForm() {
        EmailEntry effectiveEmail = email == null ? null
                : email.withMailerDefaults(email.getHost() == null ? MailerSmtp.current().orElse(null) : null);
        return form(effectiveEmail);
    }

    /** The plan as the form holds it, for restoring it unchanged. */
    private PlanForm savedForm() {
        return form(email);
    }

    private PlanForm form(EmailEntry withEmail) {
        return new PlanForm(regions, failoverThreshold, healthCheckInterval, backupRetention, targets, components,
                getAgeRecipientList(), notificationService, webhooks,
                new IncidentResponseForm(oncall, incidents, pagerDuty, opsgenie, withEmail));
    }

    /**
     * What a step resolves, when it runs, into the channels' secret variables: the credentials ids (webhook URLs
     * included), and Mailer's login
     * when the email channel uses Mailer's server (its password still encrypted here).
     */
    public ChannelSecrets.Ids channelCredentials() {
        EmailEntry effective = planForm().incidentResponse().email();
        boolean mailer = effective != null && effective.usesMailerLogin();
        List<ChannelSecrets.Webhook> hooks = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            WebhookEntry webhook = webhooks.get(i);
            hooks.add(new ChannelSecrets.Webhook("webhook " + (webhook.getName() == null ? "#" + (i + 1) : webhook.getName()),
                    DrYaml.webhookVariable(i), webhook.getUrlCredentialsId()));
        }
        return new ChannelSecrets.Ids(pagerDuty == null ? null : pagerDuty.getRoutingKeyCredentialsId(),
                opsgenie == null ? null : opsgenie.getApiKeyCredentialsId(),
                email == null ? null : email.getCredentialsId(),
                mailer ? MailerSmtp.current().map(MailerSmtp.Settings::username).orElse(null) : null,
                mailer ? MailerSmtp.password().orElse(null) : null, hooks);
    }

    public String getOncall() {
        return oncall;
    }

    /** The on-call rotation in dr.yaml's {@code oncall:} syntax (with or without the {@code oncall:} key). */
    @DataBoundSetter
    public void setOncall(String oncall) {
        this.oncall = oncall == null || oncall.isBlank() ? null : oncall.strip();
        saveUnlessBinding();
    }

    public IncidentEntry getIncidents() {
        return incidents;
    }

    /** Severities, response SLAs and the communication protocol's timings; {@code null}: the plan's. */
    @DataBoundSetter
    public void setIncidents(IncidentEntry incidents) {
        this.incidents = incidents;
        saveUnlessBinding();
    }

    public PagerDutyEntry getPagerDuty() {
        return pagerDuty;
    }

    @DataBoundSetter
    public void setPagerDuty(PagerDutyEntry pagerDuty) {
        this.pagerDuty = pagerDuty;
        saveUnlessBinding();
    }

    public OpsgenieEntry getOpsgenie() {
        return opsgenie;
    }

    @DataBoundSetter
    public void setOpsgenie(OpsgenieEntry opsgenie) {
        this.opsgenie = opsgenie;
        saveUnlessBinding();
    }

    public EmailEntry getEmail() {
        return email;
    }

    @DataBoundSetter
    public void setEmail(EmailEntry email) {
        this.email = email;
        saveUnlessBinding();
    }

    public List<String> getComponentNames() {
        return components.stream().map(ComponentEntry::getName).filter(Objects::nonNull).toList();
    }

    public List<String> getAgeRecipientList() {
        return Text.lines(ageRecipients);
    }

    public List<RegionEntry> getRegions() {
        return regions;
    }

    @DataBoundSetter
    public void setRegions(List<RegionEntry> regions) {
        this.regions = copy(regions);
        saveUnlessBinding();
    }

    public String getFailoverThreshold() {
        return failoverThreshold;
    }

    @DataBoundSetter
    public void setFailoverThreshold(String failoverThreshold) {
        this.failoverThreshold = Text.trimmed(failoverThreshold);
        saveUnlessBinding();
    }

    public String getHealthCheckInterval() {
        return healthCheckInterval;
    }

    @DataBoundSetter
    public void setHealthCheckInterval(String healthCheckInterval) {
        this.healthCheckInterval = Text.trimmed(healthCheckInterval);
        saveUnlessBinding();
    }

    public String getBackupRetention() {
        return backupRetention;
    }

    @DataBoundSetter
    public void setBackupRetention(String backupRetention) {
        this.backupRetention = Text.trimmed(backupRetention);
        saveUnlessBinding();
    }

    public List<TargetEntry> getTargets() {
        return targets;
    }

    @DataBoundSetter
    public void setTargets(List<TargetEntry> targets) {
        this.targets = copy(targets);
        saveUnlessBinding();
    }

    public List<ComponentEntry> getComponents() {
        return components;
    }

    @DataBoundSetter
    public void setComponents(List<ComponentEntry> components) {
        this.components = copy(components);
        saveUnlessBinding();
    }

    public String getAgeRecipients() {
        return ageRecipients;
    }

    /** Public keys (age1…), one per line. */
    @DataBoundSetter
    public void setAgeRecipients(String ageRecipients) {
        this.ageRecipients = ageRecipients == null || ageRecipients.isBlank() ? null : ageRecipients.strip();
        saveUnlessBinding();
    }

    public String getAwsCredentialsId() {
        return awsCredentialsId;
    }

    @DataBoundSetter
    public void setAwsCredentialsId(String awsCredentialsId) {
        this.awsCredentialsId = Text.trimmed(awsCredentialsId);
        saveUnlessBinding();
    }

    public String getDatabaseCredentialsId() {
        return databaseCredentialsId;
    }

    @DataBoundSetter
    public void setDatabaseCredentialsId(String databaseCredentialsId) {
        this.databaseCredentialsId = Text.trimmed(databaseCredentialsId);
        saveUnlessBinding();
    }

    public String getAgeIdentityCredentialsId() {
        return ageIdentityCredentialsId;
    }

    @DataBoundSetter
    public void setAgeIdentityCredentialsId(String ageIdentityCredentialsId) {
        this.ageIdentityCredentialsId = Text.trimmed(ageIdentityCredentialsId);
        saveUnlessBinding();
    }

    public List<WebhookEntry> getWebhooks() {
        return webhooks;
    }

    @DataBoundSetter
    public void setWebhooks(List<WebhookEntry> webhooks) {
        this.webhooks = copy(webhooks);
        saveUnlessBinding();
    }

    public String getNotificationService() {
        return notificationService;
    }

    /** The service incident notices are about, in their title ({@code [INCIDENT] service - ...}). */
    @DataBoundSetter
    public void setNotificationService(String notificationService) {
        this.notificationService = Text.trimmed(notificationService);
        saveUnlessBinding();
    }

    public String getDnsTsigCredentialsId() {
        return dnsTsigCredentialsId;
    }

    /** Secret text with the TSIG key's secret, for regions whose DNS is switched by RFC 2136 updates. */
    @DataBoundSetter
    public void setDnsTsigCredentialsId(String dnsTsigCredentialsId) {
        this.dnsTsigCredentialsId = Text.trimmed(dnsTsigCredentialsId);
        saveUnlessBinding();
    }

    /** Always empty: the field imports a file, it does not keep one. */
    public String getConfigYaml() {
        return null;
    }

    /**
     * Imports a dr.yaml (configuration as code, or the form's import field): its regions, thresholds, targets,
     * components and age recipients replace the current ones. Credentials ids and webhooks are not part of dr.yaml
     * and stay as they are.
     *
     * @throws ConfigException listing every problem of the text; nothing is changed then
     */
    @DataBoundSetter
    public void setConfigYaml(String configYaml) {
        if (configYaml == null || configYaml.isBlank()) {
            return;
        }
        apply(DrYaml.fromYaml(configYaml, IMPORT_SOURCE));
        saveUnlessBinding();
    }

    /** Always empty: the field imports a ConfigMap, it does not keep one. */
    public String getConfigMap() {
        return null;
    }

    /**
     * Imports the plan's Kubernetes ConfigMap ({@code kubectl get configmap disaster-recovery-config -o yaml} or
     * {@code -o json}, pasted): the regions it names take its roles and its thresholds replace the form's, read by the
     * engine with the same rules as dr.yaml's {@code from: configMap}.
     *
     * @throws ConfigException listing every problem of the text; nothing is changed then
     */
    @DataBoundSetter
    public void setConfigMap(String configMap) {
        if (configMap == null || configMap.isBlank()) {
            return;
        }
        ConfigMapSource.Imported imported = ConfigMapSource.importText(configMap);
        PlanForm form = ConfigMapImport.apply(planForm(), imported);
        regions = new ArrayList<>(form.regions());
        failoverThreshold = form.failoverThreshold();
        healthCheckInterval = form.healthCheckInterval();
        backupRetention = form.backupRetention();
        saveUnlessBinding();
    }

    /**
     * Binds the submitted form, imports the dr.yaml pasted into the import field (which then wins over the rows),
     * and saves only a plan that ConfigLoader accepts; otherwise nothing changes and the form reports every problem.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        Object imported = json.remove("configYaml");
        Object importedConfigMap = json.remove("configMap");
        State before = new State(savedForm(), awsCredentialsId, databaseCredentialsId, ageIdentityCredentialsId,
                dnsTsigCredentialsId);
        binding = true;
        try {
            // A repeatable section with no rows is absent from the form: clear first so deleting the last row sticks.
            regions = new ArrayList<>();
            targets = new ArrayList<>();
            components = new ArrayList<>();
            webhooks = new ArrayList<>();
            // An unticked optional section is absent from the form too.
            oncall = null;
            incidents = null;
            pagerDuty = null;
            opsgenie = null;
            email = null;
            req.bindJSON(this, json);
            if (imported instanceof String text && !text.isBlank()) {
                setConfigYaml(text);
            }
        } catch (ConfigException e) {
            restore(before);
            throw new FormException("The dr.yaml to import " + oneLine(e.problems()), "configYaml");
        } finally {
            binding = false;
        }
        binding = true;
        try {
            if (importedConfigMap instanceof String text && !text.isBlank()) {
                setConfigMap(text);
            }
        } catch (ConfigException e) {
            restore(before);
            throw new FormException("The ConfigMap to import " + oneLine(e.problems()), "configMap");
        } finally {
            binding = false;
        }
        for (RegionEntry region : regions) {
            if (region.getFailoverSettings() != null
                    && FieldChecks.regionFailoverSettings(region.getFailoverSettings()).kind() == Check.Kind.ERROR) {
                String problem = FieldChecks.regionFailoverSettings(region.getFailoverSettings()).message();
                restore(before);
                throw new FormException("The failover settings of region " + region.getName() + ": " + problem,
                        "regions");
            }
        }
        List<ConfigProblem> problems = ConfigLoader.problems(toYaml());
        if (!problems.isEmpty()) {
            restore(before);
            throw new FormException("The Disaster Recovery plan was not saved: it " + oneLine(problems), "regions");
        }
        save();
        return true;
    }

    private static String oneLine(List<ConfigProblem> problems) {
        return "has " + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + String.join(" | ", problems.stream().map(ConfigProblem::toString).toList());
    }

    private void apply(PlanForm form) {
        regions = new ArrayList<>(form.regions());
        failoverThreshold = form.failoverThreshold();
        healthCheckInterval = form.healthCheckInterval();
        backupRetention = form.backupRetention();
        targets = new ArrayList<>(form.targets());
        components = new ArrayList<>(form.components());
        ageRecipients = form.ageRecipients().isEmpty() ? null : String.join("\n", form.ageRecipients());
        notificationService = form.notificationService();
        IncidentResponseForm response = form.incidentResponse();
        oncall = response.oncall();
        incidents = response.incidents();
        // Credentials ids are not in dr.yaml: an imported channel keeps the id of the one it replaces.
        pagerDuty = response.pagerDuty() == null ? null : response.pagerDuty().withCredentialsOf(pagerDuty);
        opsgenie = response.opsgenie() == null ? null : response.opsgenie()
                .withCredentialsId(opsgenie == null ? null : opsgenie.getApiKeyCredentialsId());
        email = response.email() == null ? null : response.email()
                .withCredentialsId(email == null ? null : email.getCredentialsId());
    }

    private record State(PlanForm plan, String aws, String database, String ageIdentity, String dnsTsig) {
    }

    private void restore(State state) {
        apply(state.plan());
        IncidentResponseForm response = state.plan().incidentResponse();
        pagerDuty = response.pagerDuty();
        opsgenie = response.opsgenie();
        email = response.email();
        webhooks = new ArrayList<>(state.plan().webhooks());
        awsCredentialsId = state.aws();
        databaseCredentialsId = state.database();
        ageIdentityCredentialsId = state.ageIdentity();
        dnsTsigCredentialsId = state.dnsTsig();
    }

    private void saveUnlessBinding() {
        if (!binding) {
            save();
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? new ArrayList<>() : new ArrayList<>(list);
    }

    @POST
    public FormValidation doCheckFailoverThreshold(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.toForm(FieldChecks.failoverThreshold(value));
    }

    @POST
    public FormValidation doCheckHealthCheckInterval(@QueryParameter String value,
            @QueryParameter String failoverThreshold) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.toForm(FieldChecks.healthCheckInterval(value, failoverThreshold));
    }

    @POST
    public FormValidation doCheckBackupRetention(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.toForm(FieldChecks.backupRetention(value));
    }

    @POST
    public FormValidation doCheckAgeRecipients(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.toForm(FieldChecks.ageRecipients(value));
    }

    @POST
    public FormValidation doCheckNotificationService(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.toForm(FieldChecks.notificationService(value));
    }

    @POST
    public FormValidation doCheckOncall(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.toForm(IncidentChecks.oncall(value, jenkins.clock().instant()));
    }

    @POST
    public FormValidation doCheckDnsTsigCredentialsId(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.credentialsId(value, StringCredentials.class, "secret text");
    }

    @POST
    public ListBoxModel doFillDnsTsigCredentialsIdItems(@QueryParameter String dnsTsigCredentialsId) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.credentialsItems(null, StringCredentials.class, dnsTsigCredentialsId);
    }

    @POST
    public FormValidation doCheckConfigYaml(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.toForm(FieldChecks.configYaml(value));
    }

    @POST
    public FormValidation doCheckConfigMap(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.toForm(FieldChecks.configMap(value));
    }

    @POST
    public FormValidation doCheckAwsCredentialsId(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.credentialsId(value, CredentialKinds.aws(), "AWS or username/password");
    }

    @POST
    public ListBoxModel doFillAwsCredentialsIdItems(@QueryParameter String awsCredentialsId) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.credentialsItems(null, CredentialKinds.aws(), awsCredentialsId);
    }

    @POST
    public FormValidation doCheckDatabaseCredentialsId(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.credentialsId(value, CredentialKinds.database(), "username/password");
    }

    @POST
    public ListBoxModel doFillDatabaseCredentialsIdItems(@QueryParameter String databaseCredentialsId) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.credentialsItems(null, CredentialKinds.database(), databaseCredentialsId);
    }

    @POST
    public FormValidation doCheckAgeIdentityCredentialsId(@QueryParameter String value) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.credentialsId(value, CredentialKinds.ageIdentity(), "secret text or secret file");
    }

    @POST
    public ListBoxModel doFillAgeIdentityCredentialsIdItems(@QueryParameter String ageIdentityCredentialsId) {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return Validations.credentialsItems(null, CredentialKinds.ageIdentity(), ageIdentityCredentialsId);
    }
}
