package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/** The settings of a jenkins-home component as dr.yaml writes them. */
public class JenkinsHomeConfigTest {

    @Test
    public void everySettingIsReadOnTopOfTheDefaults() {
        Component jenkins = ConfigLoader.parse("""
                components:
                  jenkins:
                    type: jenkins-home
                    path: /var/lib/jenkins
                    encrypt: true
                    include: ["jobs/*/builds/permalinks"]
                    exclude: ["users/robot_*/**"]
                    builds: true
                    pluginBinaries: true
                """, "test").component("jenkins").orElseThrow();

        assertThat(jenkins.type()).isEqualTo(ComponentType.JENKINS_HOME);
        assertThat(jenkins.path()).isEqualTo(Path.of("/var/lib/jenkins"));
        assertThat(jenkins.jenkinsHome()).isEqualTo(new JenkinsHomeSpec(List.of("jobs/*/builds/permalinks"), List.of("users/robot_*/**"), true, true));
        assertThat(jenkins.jenkinsHome().effectiveIncludes()).contains("secrets/**", "*.xml", "jobs/**/config.xml", "jobs/**/builds/**",
                "plugins/*.jpi", "jobs/*/builds/permalinks");
        assertThat(jenkins.jenkinsHome().effectiveExcludes()).contains("workspace/**", "war/**", "**/*.log", "users/robot_*/**");
    }

    @Test
    public void aMissingPathOrAutoMeansTheControllerItRunsIn() {
        DrConfig config = ConfigLoader.parse("""
                components:
                  here: { type: jenkins-home }
                  there: { type: jenkins-home, path: auto }
                """, "test");

        assertThat(config.component("here").orElseThrow().path()).isNull();
        assertThat(config.component("there").orElseThrow().path()).isNull();
        assertThat(config.component("here").orElseThrow().jenkinsHome()).isEqualTo(JenkinsHomeSpec.DEFAULTS);
    }

    @Test
    public void aRelativePathABadPatternAndAnotherTypesKeyAreRefusedNamingTheField() {
        assertThat(ConfigLoader.problems("""
                components:
                  jenkins: { type: jenkins-home, path: jenkins, include: ["/etc/**", "jobs/[a"], builds: maybe, command: ls }
                """)).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("components.jenkins.path: \"jenkins\" is relative"))
                .anySatisfy(p -> assertThat(p).startsWith("components.jenkins.include[0]: \"/etc/**\" is not a pattern relative to the home"))
                .anySatisfy(p -> assertThat(p).startsWith("components.jenkins.include[1]: \"jobs/[a\" is not a glob pattern"))
                .anySatisfy(p -> assertThat(p).startsWith("components.jenkins.builds:"))
                .anySatisfy(p -> assertThat(p).startsWith("components.jenkins.command: is not used by a jenkins-home component"));
    }
}
