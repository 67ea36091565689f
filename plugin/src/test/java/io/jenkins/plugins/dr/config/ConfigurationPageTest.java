package io.jenkins.plugins.dr.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Descriptor;
import hudson.util.Secret;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import io.jenkins.plugins.dr.testing.LocalStore;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.drjenkins.engine.codec.AgeKeys;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.htmlunit.html.HtmlTextArea;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;

/**
 * The global configuration as an administrator uses it, in a real Jenkins: the page keeps every field through a
 * save, refuses an invalid plan with the engine's own words and changes nothing then, its form endpoints answer only
 * who may administer Jenkins, and configuration as code exports and imports the same plan.
 */
public class ConfigurationPageTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // As a class rule the harness' timeout bounds the whole class, not one test: one Jenkins serves them all, and
        // on two shared cores each scripted page takes seconds.
        j.timeout = 1800;
    }
    @ClassRule
    public static TemporaryFolder temp = new TemporaryFolder();

    private static final String ADMIN = "admin";
    private static final String READER = "reader";
    private static final String RECIPIENT = AgeKeys.generate().recipient();
    private static final String SECOND_RECIPIENT = AgeKeys.generate().recipient();
    private static final String SECRET = "never-shown-s3cr3t";
    private static final List<String> CREDENTIAL_IDS =
            List.of("dr-aws", "dr-postgres", "dr-age-identity", "dr-dns-tsig", "dr-slack-webhook", "dr-json-webhook");
    private static final String FAILOVER_SETTINGS = """
            dataDirectory: /var/lib/postgresql/15/main
            healthChecks:
              - tcp: "db.use1.internal:5432"
            dns: {provider: rfc2136, zone: example.com, recordName: db, server: "127.0.0.1:5353", tsigKeyName: dr, value: 10.0.1.100}""";

    @BeforeClass
    public static void securityAndCredentials() throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to(ADMIN)
                .grant(Jenkins.READ).everywhere().to(READER));
        SystemCredentialsProvider credentials = SystemCredentialsProvider.getInstance();
        credentials.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "dr-aws", "aws",
                "AKIAEXAMPLE", SECRET));
        credentials.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "dr-postgres",
                "database", "postgres", SECRET));
        for (String id : List.of("dr-age-identity", "dr-dns-tsig", "dr-slack-webhook", "dr-json-webhook")) {
            credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, id, id,
                    Secret.fromString(SECRET)));
        }
        credentials.save();
    }

    /** Every test starts from the full plan, saved the way the setters save it. */
    @Before
    public void fullPlan() {
        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        RegionEntry primary = new RegionEntry("us-east-1", "primary", "dr-use1");
        primary.setEndpoint("http://127.0.0.1:9000");
        primary.setDatabase("postgresql://dr@db.use1.internal:5432/app");
        primary.setFailoverSettings(FAILOVER_SETTINGS);
        RegionEntry secondary = new RegionEntry("eu-west-1", "secondary", "dr-euw1");
        secondary.setDatabase("postgresql://dr@db.euw1.internal:5432/app");
        RegionEntry tertiary = new RegionEntry("ap-south-1", "tertiary", "dr-aps1");
        configuration.setRegions(List.of(primary, secondary, tertiary));
        configuration.setFailoverThreshold("10m");
        configuration.setHealthCheckInterval("20s");
        configuration.setBackupRetention("14d");

        ComponentEntry database = new ComponentEntry("database", "postgres");
        database.setUrl("postgresql://dr@db.internal:5432/app");
        database.setEncrypt(true);
        database.setCompression("gzip");
        database.setLevel("7");
        database.setChecks("select count(*) > 0 from users\nselect true");
        ComponentEntry cluster = new ComponentEntry("cluster", "postgres-cluster");
        cluster.setUrl("postgresql://replicator@db.internal:5432/app");
        cluster.setArchiveTimeout("60s");
        cluster.setChecks("select true");
        ComponentEntry configurationTree = new ComponentEntry("configuration", "directory");
        configurationTree.setPath("/etc/ci-failure-agent");
        configurationTree.setLevel("12");
        ComponentEntry secrets = new ComponentEntry("secrets", "command");
        secrets.setCommand("kubectl get secrets -A -o json");
        secrets.setCompression("none");
        secrets.setEncrypt(true);
        configuration.setComponents(List.of(database, cluster, configurationTree, secrets));

        TargetEntry databaseTargets = new TargetEntry("database");
        databaseTargets.setRto("15m");
        databaseTargets.setRpo("5m");
        TargetEntry clusterTargets = new TargetEntry("cluster");
        clusterTargets.setRto("30m");
        clusterTargets.setRpo("2m");
        configuration.setTargets(List.of(databaseTargets, clusterTargets));
        configuration.setAgeRecipients(RECIPIENT + "\n" + SECOND_RECIPIENT);
        configuration.setAwsCredentialsId("dr-aws");
        configuration.setDatabaseCredentialsId("dr-postgres");
        configuration.setAgeIdentityCredentialsId("dr-age-identity");
        configuration.setDnsTsigCredentialsId("dr-dns-tsig");
        configuration.setNotificationService("ci-failure-agent");
        configuration.setWebhooks(List.of(new WebhookEntry("#incidents", "slack", "dr-slack-webhook"),
                new WebhookEntry("pager", "json", "dr-json-webhook")));
        assertThat(org.drjenkins.engine.config.ConfigLoader.problems(configuration.toYaml())).isEmpty();
    }

    @Test
    public void savingThePageUnchangedKeepsEveryFieldOfThePlan() throws Exception {
        String before = savedXml();
        assertThat(before).contains("postgres-cluster").contains("<archiveTimeout>60s</archiveTimeout>")
                .contains("dr-dns-tsig").contains("dr-json-webhook").contains("dataDirectory");

        HtmlPage page = admin().goTo("configure");
        j.submit(page.getFormByName("config"));

        assertThat(savedXml()).isEqualTo(before);
        assertThat(reloaded().toYaml()).isEqualTo(DisasterRecoveryConfiguration.get().toYaml());
    }

    @Test
    public void thePageOffersEveryComponentTypeOfTheEngineWithTheFieldsOfAPostgresCluster() throws Exception {
        HtmlPage page = admin().goTo("configure");
        HtmlForm form = page.getFormByName("config");

        List<HtmlSelect> types = form.getSelectsByName("_.type");
        assertThat(types).hasSize(4);
        for (HtmlSelect type : types) {
            assertThat(type.getOptions()).extracting(HtmlOption::getValueAttribute)
                    .containsExactly("postgres", "directory", "command", "postgres-cluster", "s3-prefix", "jenkins-home");
        }
        for (HtmlSelect compression : form.getSelectsByName("_.compression")) {
            assertThat(compression.getOptions()).extracting(HtmlOption::getValueAttribute)
                    .containsExactly("", "zstd", "gzip", "none");
        }
        assertThat(types).extracting(select -> select.getSelectedOptions().get(0).getValueAttribute())
                .containsExactly("postgres", "postgres-cluster", "directory", "command");
        assertThat(form.getInputsByName("_.archiveTimeout")).extracting(input -> input.getValue())
                .containsExactly("", "60s", "", "");
    }

    @Test
    public void anInvalidThresholdIsRefusedWithTheEnginesMessageAndChangesNothing() throws Exception {
        String before = savedXml();
        String yaml = DisasterRecoveryConfiguration.get().toYaml();
        JenkinsRule.WebClient wc = admin();
        HtmlForm form = wc.goTo("configure").getFormByName("config");
        form.getInputByName("_.failoverThreshold").setValue("5 minutes");

        String answer = submitExpectingRefusal(wc, form);

        String invalid = yaml.replace("failoverThreshold: \"10m\"", "failoverThreshold: \"5 minutes\"");
        assertThat(invalid).isNotEqualTo(yaml);
        assertThat(answer).contains("The Disaster Recovery plan was not saved")
                .contains(validateLine(invalid, "thresholds.failoverThreshold"));
        assertUnchanged(before);
    }

    @Test
    public void aSecondPrimaryIsRefusedWithTheEnginesMessageAndChangesNothing() throws Exception {
        String before = savedXml();
        String yaml = DisasterRecoveryConfiguration.get().toYaml();
        JenkinsRule.WebClient wc = admin();
        HtmlForm form = wc.goTo("configure").getFormByName("config");
        HtmlSelect secondRole = form.getSelectsByName("_.role").get(1);
        secondRole.setSelectedAttribute("primary", true);

        String answer = submitExpectingRefusal(wc, form);

        String twoPrimaries = yaml.replaceFirst("role: \"secondary\"", "role: \"primary\"");
        assertThat(twoPrimaries).isNotEqualTo(yaml);
        assertThat(answer).contains(validateLine(twoPrimaries, "regions[1].role"));
        assertUnchanged(before);
    }

    @Test
    public void aDrYamlImportedOnThePageKeepsThePostgresClusterArchiveTimeout() throws Exception {
        String imported = """
                regions:
                  - { name: us-east-1, role: primary, bucket: dr-use1 }
                components:
                  cluster: { type: postgres-cluster, url: "postgresql://replicator@db.internal:5432/app", archiveTimeout: 45s }
                """;
        JenkinsRule.WebClient wc = admin();
        HtmlForm form = wc.goTo("configure").getFormByName("config");
        HtmlTextArea importField = form.getTextAreaByName("_.configYaml");
        importField.setText(imported);
        j.submit(form);

        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        assertThat(configuration.getComponents()).singleElement().satisfies(component -> {
            assertThat(component.getType()).isEqualTo("postgres-cluster");
            assertThat(component.getArchiveTimeout()).isEqualTo("45s");
        });
        assertThat(configuration.toYaml()).contains("archiveTimeout: \"45s\"");
        assertThat(reloaded().getComponents().get(0).getArchiveTimeout()).isEqualTo("45s");
        // Not part of dr.yaml: the import leaves them as they were.
        assertThat(configuration.getAwsCredentialsId()).isEqualTo("dr-aws");
        assertThat(configuration.getWebhooks()).hasSize(2);
    }

    @Test
    public void everyFormEndpointOfThePluginAnswersOnlyAnAdministrator() throws Exception {
        List<String> endpoints = formEndpoints();
        assertThat(endpoints).hasSizeGreaterThan(40)
                .contains("io.jenkins.plugins.dr.config.ComponentEntry/checkArchiveTimeout",
                        "io.jenkins.plugins.dr.DisasterRecoveryConfiguration/fillDnsTsigCredentialsIdItems");
        JenkinsRule.WebClient reader = j.createWebClient().login(READER);
        JenkinsRule.WebClient admin = admin();
        List<String> wrong = new ArrayList<>();
        for (String endpoint : endpoints) {
            WebResponse asReader = post(reader, endpoint);
            int readerStatus = asReader.getStatusCode();
            String readerBody = asReader.getContentAsString();
            // The steps' credential lists follow the Credentials plugin's pattern: without the permission they answer
            // with nothing but the value sent (so that a read-only form still renders), never with the stored ids.
            boolean keepsOnlyTheSentValue = readerStatus == 200 && endpoint.contains("/fill")
                    && endpoint.endsWith("CredentialsIdItems") && endpoint.startsWith("io.jenkins.plugins.dr.steps.")
                    && CREDENTIAL_IDS.stream().noneMatch(readerBody::contains);
            if (readerStatus != 403 && !keepsOnlyTheSentValue) {
                wrong.add(endpoint + " answered " + readerStatus + " to a reader");
            }
            int adminStatus = post(admin, endpoint).getStatusCode();
            if (adminStatus != 200) {
                wrong.add(endpoint + " answered " + adminStatus + " to an administrator");
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(post(admin, "io.jenkins.plugins.dr.DisasterRecoveryConfiguration/fillAwsCredentialsIdItems")
                .getContentAsString()).contains("dr-aws").doesNotContain(SECRET);
    }

    @Test
    public void configurationAsCodeExportsAndImportsTheSamePlan() throws Exception {
        String before = savedXml();
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String exported = Util.toYamlString(Util.getUnclassifiedRoot(context).get("disasterRecovery"));
        assertThat(exported).contains("postgres-cluster").contains("archiveTimeout: \"60s\"")
                .contains("dnsTsigCredentialsId: \"dr-dns-tsig\"").doesNotContain(SECRET);

        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        configuration.setRegions(List.of());
        configuration.setComponents(List.of());
        configuration.setTargets(List.of());
        configuration.setWebhooks(List.of());
        configuration.setFailoverThreshold(null);
        configuration.setHealthCheckInterval(null);
        configuration.setBackupRetention(null);
        configuration.setAgeRecipients(null);
        configuration.setAwsCredentialsId(null);
        configuration.setDatabaseCredentialsId(null);
        configuration.setAgeIdentityCredentialsId(null);
        configuration.setDnsTsigCredentialsId(null);
        configuration.setNotificationService(null);
        assertThat(savedXml()).isNotEqualTo(before);

        Path file = temp.newFile("jenkins.yaml").toPath();
        Files.writeString(file, "unclassified:\n  disasterRecovery:\n" + exported.lines()
                .map(line -> "    " + line).collect(Collectors.joining("\n")) + "\n", StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toString());

        assertThat(savedXml()).isEqualTo(before);
    }

    private static JenkinsRule.WebClient admin() throws Exception {
        return j.createWebClient().login(ADMIN);
    }

    /** {@code descriptor id/method} for every doCheck and doFill method of every descriptor the plugin registers. */
    private static List<String> formEndpoints() {
        List<String> endpoints = new ArrayList<>();
        for (Descriptor<?> descriptor : j.jenkins.getExtensionList(Descriptor.class)) {
            if (!descriptor.getClass().getName().startsWith("io.jenkins.plugins.dr.")) {
                continue;
            }
            for (Method method : descriptor.getClass().getMethods()) {
                if (method.getName().matches("do(Check|Fill)\\w+")) {
                    String web = method.getName().substring(2);
                    endpoints.add(descriptor.getId() + "/" + web.substring(0, 1).toLowerCase(Locale.ROOT)
                            + web.substring(1));
                }
            }
        }
        return endpoints.stream().distinct().sorted().toList();
    }

    /** The raw answer: not parsed into a page, whose scripts would take seconds per request on a busy machine. */
    private static WebResponse post(JenkinsRule.WebClient wc, String endpoint) throws Exception {
        WebRequest request = new WebRequest(new URL(j.getURL(), "descriptorByName/" + endpoint), HttpMethod.POST);
        wc.addCrumb(request);
        return wc.loadWebResponse(request);
    }

    private static String submitExpectingRefusal(JenkinsRule.WebClient wc, HtmlForm form) throws Exception {
        wc.setThrowExceptionOnFailingStatusCode(false);
        Page answer = j.submit(form);
        assertThat(answer.getWebResponse().getStatusCode()).isEqualTo(400);
        String text = answer instanceof HtmlPage html ? html.asNormalizedText()
                : answer.getWebResponse().getContentAsString();
        assertThat(text).doesNotContain(SECRET);
        return text;
    }

    /** The line {@code dr validate} prints for this field of this plan: the engine's own message. */
    private static String validateLine(String yaml, String field) throws Exception {
        Path file = temp.newFile().toPath();
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        Process validate = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", LocalStore.drJar().toString(), "validate", "-c", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as(output).isEqualTo(2);
        return Arrays.stream(output.split("\\R")).map(String::strip).filter(line -> line.startsWith(field + ":"))
                .findFirst().orElseThrow(() -> new AssertionError("dr validate did not report " + field + ":\n" + output));
    }

    private static void assertUnchanged(String before) throws Exception {
        assertThat(savedXml()).isEqualTo(before);
        assertThat(reloaded().toYaml()).isEqualTo(DisasterRecoveryConfiguration.get().toYaml());
        DisasterRecoveryConfiguration.get().load();
        assertThat(savedXml()).isEqualTo(before);
        assertThat(DisasterRecoveryConfiguration.get().getFailoverThreshold()).isEqualTo("10m");
        assertThat(DisasterRecoveryConfiguration.get().getRegions()).extracting(RegionEntry::getRole)
                .containsExactly("primary", "secondary", "tertiary");
    }

    /** A new instance read from JENKINS_HOME, as after a restart. */
    private static DisasterRecoveryConfiguration reloaded() {
        return new DisasterRecoveryConfiguration(new JenkinsFacade());
    }

    private static String savedXml() throws Exception {
        return Files.readString(j.jenkins.getRootDir().toPath()
                .resolve(DisasterRecoveryConfiguration.get().getId() + ".xml"), StandardCharsets.UTF_8);
    }
}
