package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** What dr jenkins writes into a fresh JENKINS_HOME before Jenkins starts (the rest is proven by HpiInRealJenkinsIT). */
public class JenkinsSetupTest {
    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void theSecretsGoIntoAPrivateFileAndNotIntoTheInitScript() throws Exception {
        Path home = temp.newFolder("home").toPath();
        JenkinsSetup setup = new JenkinsSetup().set("s3SecretAccessKey", "s3-secret-never-in-a-script");
        setup.writeInto(home);

        Path secrets = home.resolve("dr-setup.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
        Properties values = new Properties();
        try (var in = Files.newInputStream(secrets)) {
            values.load(in);
        }
        assertThat(values.getProperty("adminPassword")).isEqualTo(setup.adminPassword()).hasSize(20);
        assertThat(values.getProperty("s3SecretAccessKey")).isEqualTo("s3-secret-never-in-a-script");
        String script = Files.readString(home.resolve("init.groovy.d/dr-setup.groovy"), StandardCharsets.UTF_8);
        assertThat(script).contains("file.delete()").doesNotContain(setup.adminPassword()).doesNotContain("s3-secret-never-in-a-script");
    }

    @Test
    public void everyRunHasItsOwnAdminPassword() {
        assertThat(new JenkinsSetup().adminPassword()).isNotEqualTo(new JenkinsSetup().adminPassword());
    }

    @Test
    public void theJobIsAPipelineWhoseScriptSurvivesXmlEscaping() throws Exception {
        String script = "node { echo \"a < b && c > d\" }";
        Document job = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(JenkinsSetup.jobXml(script))));

        assertThat(job.getDocumentElement().getTagName()).isEqualTo("flow-definition");
        assertThat(job.getElementsByTagName("script").item(0).getTextContent()).isEqualTo(script);
        assertThat(job.getElementsByTagName("sandbox").item(0).getTextContent()).isEqualTo("true");
        assertThat(job.getElementsByTagName("spec").item(0).getTextContent()).isEqualTo("H 2 * * *");
    }

    @Test
    public void theReadyJobBacksUpAndVerifiesBothComponents() throws Exception {
        Path home = temp.newFolder("home2").toPath();
        new JenkinsSetup().writeInto(home);

        String config = Files.readString(home.resolve("jobs/" + JenkinsSetup.JOB + "/config.xml"), StandardCharsets.UTF_8);
        assertThat(config).contains("drBackup component: 'database'").contains("drBackup component: 'configuration'")
                .contains("drVerifyRestore component: 'database'").contains("drVerifyRestore component: 'configuration'");
    }

    @Test
    public void theCheckoutIsFoundFromItsJar() throws Exception {
        Path root = temp.newFolder("checkout").toPath();
        Files.createDirectories(root.resolve("plugin"));
        Path jar = Files.createDirectories(root.resolve("cli/target")).resolve("dr.jar");

        assertThat(JenkinsRuntime.repoRootOf(jar)).contains(root);
        assertThat(JenkinsRuntime.repoRootOf(temp.getRoot().toPath().resolve("elsewhere/dr.jar"))).isEmpty();
    }
}
