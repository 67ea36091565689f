package io.jenkins.plugins.dr.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.dr.config.ComponentEntry;
import io.jenkins.plugins.dr.testing.JenkinsPlan;
import io.jenkins.plugins.dr.testing.LocalStore;
import io.jenkins.plugins.dr.testing.Pipelines;
import io.jenkins.plugins.dr.testing.Resources;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupEntry;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * drBackup of a jenkins-home component whose path is left empty (auto), on the built-in node: the running test
 * controller backs up its own JENKINS_HOME, keys included, to the project's local S3 store.
 */
public class ControllerHomeBackupTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        j.timeout = 420;
    }

    private static LocalStore store;

    @BeforeClass
    public static void startPlan() throws Exception {
        store = LocalStore.start("use1", "euw1");
        JenkinsPlan plan = new JenkinsPlan(store);
        plan.region("us-east-1", "primary", "use1");
        plan.region("eu-west-1", "secondary", "euw1");
        plan.component("jenkins", "jenkins-home").setEncrypt(true);
        plan.apply(); // stores credentials: the controller now has secrets/master.key and hudson.util.Secret
    }

    @AfterClass
    public static void stopStore() throws Exception {
        Resources.closeAll(store);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void drBackupOnTheBuiltInNodeBacksUpTheControllersOwnHomeWithItsMasterKey() throws Exception {
        WorkflowRun run = Pipelines.run(j, "node('built-in') {\n"
                + "  def b = drBackup component: 'jenkins'\n"
                + "  echo \"backup: ${b.component} ${b.backupId}\"\n"
                + "}", Result.SUCCESS);

        assertThat(j.getLog(run)).contains("backup: jenkins ");
        Manifest manifest;
        try (ObjectStore use1 = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "use1", store.endpoint()), store.credentials())) {
            BackupEntry latest = new BackupCatalog(use1).latest("jenkins").orElseThrow();
            manifest = latest.manifest().orElseThrow();
        }
        List<Object> paths = ((List<Map<String, Object>>) manifest.source().get("entries")).stream().map(e -> e.get("path")).toList();
        assertThat(java.nio.file.Path.of(String.valueOf(manifest.source().get("directory"))).toRealPath())
                .isEqualTo(j.jenkins.getRootDir().toPath().toRealPath());
        assertThat(paths).contains("secrets/master.key", "secrets/hudson.util.Secret", "credentials.xml", "config.xml", "plugins.txt",
                "jobs/" + run.getParent().getName() + "/config.xml");
        assertThat(paths).noneMatch(p -> String.valueOf(p).startsWith("workspace/") || String.valueOf(p).endsWith(".log"));
        assertThat(manifest.encrypted()).isTrue();
    }

    @Test
    public void drVerifyRestoreOfTheControllersHomeBootsTheWarItIsGivenOnTheAgentAndNamesTheFieldWhenThereIsNone() throws Exception {
        // The harness runs Jenkins from an exploded webapp: no executable-war, so the step must be told which war boots.
        WorkflowRun missing = Pipelines.run(j, "node('built-in') {\n"
                + "  drBackup component: 'jenkins'\n"
                + "  drVerifyRestore component: 'jenkins'\n"
                + "}", Result.FAILURE);
        assertThat(j.getLog(missing)).contains("is needed: a jenkins-home backup is proven by booting");

        WorkflowRun wrong = Pipelines.run(j, "node('built-in') {\n"
                + "  drVerifyRestore component: 'jenkins', war: 'no-such/jenkins.war'\n"
                + "}", Result.FAILURE);
        assertThat(j.getLog(wrong)).contains("no-such/jenkins.war").contains("no such file; give the path of a jenkins.war");
    }

    @Test
    public void theConfigurationPageOffersJenkinsHomeAsAComponentType() {
        assertThat(j.jenkins.getDescriptorByType(ComponentEntry.DescriptorImpl.class).doFillTypeItems())
                .extracting(option -> option.value).contains("jenkins-home");
        assertThat(ComponentEntry.getDefaultIncludes()).contains("secrets/**", "jobs/**/config.xml");
    }
}
