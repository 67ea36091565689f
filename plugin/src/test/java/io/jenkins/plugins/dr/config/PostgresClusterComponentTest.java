package io.jenkins.plugins.dr.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.ComponentType;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.junit.Test;

/** The engine's postgres-cluster type in the form: offered, its fields rendered to dr.yaml and imported back. */
public class PostgresClusterComponentTest {
    private static final String PLAN = """
            regions:
              - { name: us-east-1, role: primary, bucket: dr-use1 }
            components:
              cluster:
                type: postgres-cluster
                url: "postgresql://replicator@db.internal:5432/app"
                archiveTimeout: 45s
                checks: ["select true"]
            """;

    @Test
    public void theFormOffersEveryComponentTypeTheEngineKnows() {
        assertThat(FieldChecks.COMPONENT_TYPES).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(ComponentType.values()).map(ComponentType::yamlName).toList())
                .contains("postgres-cluster");
    }

    @Test
    public void anImportedArchiveTimeoutIsKeptAndRenderedBack() {
        PlanForm form = DrYaml.fromYaml(PLAN, "test");

        ComponentEntry cluster = form.components().get(0);
        assertThat(cluster.getType()).isEqualTo("postgres-cluster");
        assertThat(cluster.getArchiveTimeout()).isEqualTo("45s");
        assertThat(cluster.getUrl()).isEqualTo("postgresql://replicator@db.internal:5432/app");
        assertThat(cluster.checkList()).containsExactly("select true");

        DrConfig again = ConfigLoader.parse(DrYaml.render(form), "rendered");
        Component component = again.components().get("cluster");
        assertThat(component.type()).isEqualTo(ComponentType.POSTGRES_CLUSTER);
        assertThat(component.archiveTimeout()).contains(Duration.ofSeconds(45));
        assertThat(component.checks()).containsExactly("select true");
    }

    @Test
    public void anArchiveTimeoutIsWrittenOnlyForAPostgresCluster() {
        ComponentEntry dump = new ComponentEntry("database", "postgres");
        dump.setUrl("postgresql://dr@db.internal:5432/app");
        dump.setArchiveTimeout("60s");
        ComponentEntry cluster = new ComponentEntry("cluster", "postgres-cluster");
        cluster.setUrl("postgresql://replicator@db.internal:5432/app");
        cluster.setArchiveTimeout("60s");
        cluster.setPath("/not/used");

        String yaml = DrYaml.render(new PlanForm(List.of(), null, null, null, List.of(), List.of(dump, cluster),
                List.of()));

        assertThat(ConfigLoader.problems(yaml)).isEmpty();
        DrConfig config = ConfigLoader.parse(yaml, "rendered");
        assertThat(config.components().get("database").archiveTimeout()).isEmpty();
        assertThat(config.components().get("cluster").archiveTimeout()).contains(Duration.ofSeconds(60));
        assertThat(yaml).doesNotContain("/not/used");
    }

    @Test
    public void theArchiveTimeoutCheckSaysWhatTheEngineSaysAndWarnsOnOtherTypes() {
        assertThat(FieldChecks.archiveTimeout("60s", "postgres-cluster").kind()).isEqualTo(Check.Kind.OK);
        assertThat(FieldChecks.archiveTimeout("", "postgres-cluster").kind()).isEqualTo(Check.Kind.OK);
        Check wrong = FieldChecks.archiveTimeout("a minute", "postgres-cluster");
        assertThat(wrong.kind()).isEqualTo(Check.Kind.ERROR);
        String engine = ConfigLoader.problems(PLAN.replace("45s", "a minute")).stream()
                .filter(problem -> problem.field().equals("components.cluster.archiveTimeout")).findFirst()
                .orElseThrow().message();
        assertThat(wrong.message()).isEqualToIgnoringCase(engine);
        assertThat(FieldChecks.archiveTimeout("60s", "directory").kind()).isEqualTo(Check.Kind.WARNING);
    }

    @Test
    public void aPostgresClusterUrlAndChecksAreCheckedAsTheEnginesNotWarnedAbout() {
        assertThat(FieldChecks.componentUrl("postgresql://replicator@db.internal:5432/app", "postgres-cluster").kind())
                .isEqualTo(Check.Kind.OK);
        assertThat(FieldChecks.componentUrl("", "postgres-cluster").kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(FieldChecks.sqlChecks("select true", "postgres-cluster").kind()).isEqualTo(Check.Kind.OK);
        assertThat(FieldChecks.componentPath("/etc", "postgres-cluster").kind()).isEqualTo(Check.Kind.WARNING);
    }
}
