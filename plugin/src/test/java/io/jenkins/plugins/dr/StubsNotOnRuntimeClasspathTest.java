package io.jenkins.plugins.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.dr.BundledDependencies.Coordinate;
import org.junit.Test;

/** The stubs and the libraries Jenkins core ships must never reach the plugin's runtime classpath. */
public class StubsNotOnRuntimeClasspathTest {
    private final BundledDependencies bundled = BundledDependencies.read();

    @Test
    public void theRuntimeClasspathHoldsTheEngineButNotTheJenkinsApiStubs() {
        assertThat(bundled.artifactIds())
                .contains("disaster-recovery-engine")
                .doesNotContain("jenkins-api-stubs");
    }

    @Test
    public void noLibraryThatJenkinsCoreShipsIsOnTheRuntimeClasspath() {
        assertThat(bundled.artifactIds()).doesNotContainAnyElementsOf(java.util.List.of(
                "guava", "jakarta.servlet-api", "spring-security-core", "sezpoz", "slf4j-api", "commons-codec"));
    }

    /** Core ships these too, older: they are bundled on purpose and masked (Mask-Classes, see HpiArchiveTest). */
    @Test
    public void theLibrariesCoreShipsOlderAreBundledForMasking() {
        assertThat(bundled.artifactIds()).contains("commons-io", "commons-compress");
    }

    @Test
    public void everyRuntimeDependencyHasCompileOrRuntimeScope() {
        assertThat(bundled.coordinates()).isNotEmpty()
                .extracting(Coordinate::scope).allMatch(scope -> scope.equals("compile") || scope.equals("runtime"));
    }
}
