package org.drjenkins.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * What a fresh JENKINS_HOME gets before Jenkins starts: an init.groovy.d script that turns security on, stores the
 * credentials and saves the Disaster Recovery configuration; the secrets it reads, in a 0600 file the script deletes;
 * and the ready pipeline job as {@code jobs/NAME/config.xml}.
 */
final class JenkinsSetup {
    static final String ADMIN = "admin";
    static final String JOB = "dr-backup-and-verify";
    private static final String RESOURCES = "jenkins/";
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final Properties values = new Properties();

    JenkinsSetup() {
        values.setProperty("adminUser", ADMIN);
        values.setProperty("adminPassword", randomPassword(20));
        values.setProperty("databasePassword", randomPassword(24));
        values.setProperty("anonymousRead", "false");
    }

    JenkinsSetup set(String key, String value) {
        values.setProperty(key, value);
        return this;
    }

    String adminPassword() {
        return values.getProperty("adminPassword");
    }

    String databasePassword() {
        return values.getProperty("databasePassword");
    }

    void writeInto(Path home) throws IOException {
        Path init = Files.createDirectories(home.resolve("init.groovy.d"));
        Files.writeString(init.resolve("dr-setup.groovy"), resource("dr-setup.groovy"), StandardCharsets.UTF_8);
        Path secrets = home.resolve("dr-setup.properties");
        Files.createFile(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(secrets, StandardOpenOption.TRUNCATE_EXISTING)) {
            values.store(out, "read and deleted by init.groovy.d/dr-setup.groovy");
        }
        Path job = Files.createDirectories(home.resolve("jobs").resolve(JOB));
        Files.writeString(job.resolve("config.xml"), jobXml(resource("Jenkinsfile.groovy")), StandardCharsets.UTF_8);
        // Jenkins would otherwise show its "new version / set up" banners on the first page.
        Files.writeString(home.resolve("jenkins.install.InstallUtil.lastExecVersion"), JenkinsRuntime.WAR_VERSION);
        Files.writeString(home.resolve("jenkins.install.UpgradeWizard.state"), JenkinsRuntime.WAR_VERSION);
    }

    /** A Pipeline job running {@code script} in the sandbox, built nightly (so the dashboard has a schedule to show). */
    static String jobXml(String script) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job">
                  <description>Backs up the demo database and a config tree with drBackup, then proves both backups with drVerifyRestore.</description>
                  <keepDependencies>false</keepDependencies>
                  <properties>
                    <org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty>
                      <triggers>
                        <hudson.triggers.TimerTrigger>
                          <spec>H 2 * * *</spec>
                        </hudson.triggers.TimerTrigger>
                      </triggers>
                    </org.jenkinsci.plugins.workflow.job.properties.PipelineTriggersJobProperty>
                  </properties>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                  <triggers/>
                  <disabled>false</disabled>
                </flow-definition>
                """.formatted(escapeXml(script));
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = JenkinsSetup.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomPassword(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }
}
