package io.jenkins.plugins.dr.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Label;
import hudson.model.Result;
import hudson.util.FormValidation;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.config.RegionEntry;
import io.jenkins.plugins.dr.evidence.DrEvidenceAction;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.Pipelines;
import io.jenkins.plugins.dr.testing.Resources;
import java.nio.charset.StandardCharsets;
import org.drjenkins.engine.config.ConfigMapSource;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.htmlunit.html.HtmlForm;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * The plan's own systems in a real Jenkins: static assets (an s3-prefix component) backed up and verified by the steps
 * on a real agent against the project's local S3 store, and the plan's Kubernetes ConfigMap imported on the global
 * configuration page with the engine's own messages.
 */
public class StaticAssetsAndConfigMapTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        // A class rule's timeout covers every test of the class, on two cores shared with other builds.
        j.timeout = 420;
    }

    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: disaster-recovery-config
              namespace: production
            data:
              primary_region: us-east-1
              secondary_region: eu-west-1
              failover_threshold: "7"
              health_check_interval: "20"
              backup_retention: "45"
            """;

    private static LocalStore store;

    @BeforeClass
    public static void startPlanAndAgent() throws Exception {
        store = LocalStore.start("use1", "euw1", "assets-origin");
        try (ObjectStore origin = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "assets-origin",
                store.endpoint()), store.credentials())) {
            for (int i = 0; i < 30; i++) {
                origin.putBytes("static/app-" + i + ".js", ("console.log(" + i + ")").getBytes(StandardCharsets.UTF_8),
                        "application/javascript");
            }
        }
        JenkinsPlan plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.region("eu-west-1", "secondary", "euw1");
        var assets = plan.component("assets", "s3-prefix");
        assets.setBucket("assets-origin");
        assets.setPrefix("static/");
        plan.target("assets", "30s", "1h");
        plan.apply();
        j.createOnlineSlave(Label.get("agent"));
    }

    @AfterClass
    public static void stopStore() throws Exception {
        Resources.closeAll(store);
    }

    @Test
    public void drBackupAndDrVerifyRestoreOfStaticAssetsCopyAndProveThemInTheOtherRegion() throws Exception {
        WorkflowRun run = Pipelines.run(j, "node('agent') {\n"
                + "  def b = drBackup component: 'assets'\n"
                + "  echo \"backup: ${b.component} regions=${b.regions}\"\n"
                + "  def v = drVerifyRestore component: 'assets', backup: b.backupId\n"
                + "  echo \"verified=${v.verified} compliant=${v.compliant}\"\n"
                + "}", Result.SUCCESS);

        assertThat(j.getLog(run)).contains("backup: assets regions=[us-east-1, eu-west-1]")
                .contains("verified=true compliant=true");
        assertThat(run.getActions(DrEvidenceAction.class)).hasSize(2)
                .allSatisfy(evidence -> assertThat(evidence.getComponent()).isEqualTo("assets"));
        try (ObjectStore euw1 = StoreConnector.connect(new Region("eu-west-1", Role.SECONDARY, "euw1", store.endpoint()),
                store.credentials())) {
            assertThat(euw1.list("assets/objects/")).hasSize(30);
        }
    }

    @Test
    public void thePagesConfigMapCheckSaysWhatTheEngineSays() {
        String misspelt = CONFIG_MAP.replace("failover_threshold", "failover_treshold");

        FormValidation check = DisasterRecoveryConfiguration.get().doCheckConfigMap(misspelt);

        assertThat(check.kind).isEqualTo(FormValidation.Kind.ERROR);
        String engine = ConfigMapSource.problems(misspelt).get(0).toString();
        assertThat(engine).contains("did you mean failover_threshold?");
        assertThat(check.renderHtml()).contains("did you mean failover_threshold?");
        assertThat(DisasterRecoveryConfiguration.get().doCheckConfigMap(CONFIG_MAP).kind).isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    public void aConfigMapPastedOnThePageSetsTheRolesAndThresholdsInThePlansUnits() throws Exception {
        HtmlForm form = j.createWebClient().goTo("configure").getFormByName("config");
        form.getTextAreaByName("_.configMap").setText(CONFIG_MAP);
        j.submit(form);

        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        assertThat(configuration.getFailoverThreshold()).isEqualTo("7m");
        assertThat(configuration.getHealthCheckInterval()).isEqualTo("20s");
        assertThat(configuration.getBackupRetention()).isEqualTo("45d");
        assertThat(configuration.getRegions()).extracting(RegionEntry::getName, RegionEntry::getRole)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("us-east-1", "primary"),
                        org.assertj.core.groups.Tuple.tuple("eu-west-1", "secondary"));
        // The rows kept their buckets and endpoints: only roles and thresholds came from the ConfigMap.
        assertThat(configuration.getRegions()).extracting(RegionEntry::getBucket).containsExactly("use1", "euw1");
        assertThat(configuration.getComponents()).extracting(c -> c.getBucket()).containsExactly("assets-origin");
    }

    @Test
    public void aConfigMapWithAnUnknownKeyIsRefusedOnSaveAndChangesNothing() throws Exception {
        String before = DisasterRecoveryConfiguration.get().toYaml();
        JenkinsRule.WebClient wc = j.createWebClient();
        HtmlForm form = wc.goTo("configure").getFormByName("config");
        form.getTextAreaByName("_.configMap").setText(CONFIG_MAP.replace("backup_retention", "backup_retension"));
        wc.setThrowExceptionOnFailingStatusCode(false);

        var page = j.submit(form);

        assertThat(page.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(page.getWebResponse().getContentAsString()).contains("The ConfigMap to import has 1 problem")
                .contains("did you mean backup_retention?");
        assertThat(DisasterRecoveryConfiguration.get().toYaml()).isEqualTo(before);
    }

}
