package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigMapSourceTest {

    /** The plan's ConfigMap as {@code kubectl get configmap disaster-recovery-config -n production -o yaml} saves it. */
    static final String PLAN_CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: disaster-recovery-config
              namespace: production
              resourceVersion: "4711"
              uid: 0b0c7a64-1f7e-4c55-9f1e-2f2d8a1c9e10
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: |
                  {"apiVersion":"v1","data":{"primary_region":"us-east-1"},"kind":"ConfigMap"}
            data:
              primary_region: us-east-1
              secondary_region: eu-west-1
              tertiary_region: ap-southeast-1
              failover_threshold: "5" # minutes
              health_check_interval: "30" # seconds
              backup_retention: "30" # days
            """;

    private static final String COMPONENTS = """
            components:
              configuration: { type: directory, path: /etc/ci-failure-agent }
            """;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void thePlansConfigMapGivesTheSameConfigurationAsTheEquivalentDrYaml() throws Exception {
        Files.writeString(temp.getRoot().toPath().resolve("dr-config.yaml"), PLAN_CONFIG_MAP);
        Path fromConfigMap = write("dr.yaml", "from: { configMap: dr-config.yaml }\n" + COMPONENTS);
        Path equivalent = write("plain.yaml", """
                regions:
                  - { name: us-east-1, role: primary, bucket: dr-backups-us-east-1 }
                  - { name: eu-west-1, role: secondary, bucket: dr-backups-eu-west-1 }
                  - { name: ap-southeast-1, role: tertiary, bucket: dr-backups-ap-southeast-1 }
                thresholds: { failoverThreshold: 5m, healthCheckInterval: 30s, backupRetention: 30d }
                """ + COMPONENTS);

        SourcedConfig sourced = ConfigLoader.loadSourced(fromConfigMap);

        assertThat(sourced.config()).isEqualTo(ConfigLoader.load(equivalent));
        assertThat(sourced.config().thresholds())
                .isEqualTo(new Thresholds(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofDays(30)));
        assertThat(sourced.origin("thresholds.failoverThreshold"))
                .isEqualTo("ConfigMap production/disaster-recovery-config (dr-config.yaml) data.failover_threshold");
        assertThat(sourced.roleOrigin("eu-west-1")).endsWith("data.secondary_region");
        assertThat(sourced.origin("regions")).startsWith("ConfigMap production/disaster-recovery-config");
    }

    @Test
    public void theConfigMapGivesRolesToTheRegionsTheDrYamlListsWithTheirBuckets() throws Exception {
        Files.writeString(temp.getRoot().toPath().resolve("cm.json"), """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"disaster-recovery-config"},
                 "data":{"primary_region":"eu-west-1","secondary_region":"us-east-1","health_check_interval":"10"}}
                """);
        Path file = write("dr.yaml", """
                from: { configMap: cm.json }
                regions:
                  - { name: us-east-1, bucket: assets-use1 }
                  - { name: eu-west-1, bucket: assets-euw1 }
                thresholds: { backupRetention: 90d }
                """);

        SourcedConfig sourced = ConfigLoader.loadSourced(file);

        assertThat(sourced.config().primary().name()).isEqualTo("eu-west-1");
        assertThat(sourced.config().region("us-east-1").orElseThrow().role()).isEqualTo(Role.SECONDARY);
        assertThat(sourced.config().thresholds().healthCheckInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(sourced.config().thresholds().backupRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(sourced.origin("thresholds.backupRetention")).isEqualTo(file.toString());
        assertThat(sourced.origin("thresholds.failoverThreshold")).isEqualTo("default (the DR plan)");
        assertThat(sourced.origin("regions")).isEqualTo(file.toString());
        assertThat(sourced.roleOrigin("us-east-1")).endsWith("data.secondary_region");
    }

    @Test
    public void aValueSetInBothPlacesIsAConflictNamingBothValuesAndBothSources() throws Exception {
        Files.writeString(temp.getRoot().toPath().resolve("cm.yaml"), PLAN_CONFIG_MAP);
        Path file = write("dr.yaml", """
                from: { configMap: cm.yaml }
                thresholds: { failoverThreshold: 10m }
                """);

        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(file), ConfigException.class);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("thresholds.failoverThreshold");
            assertThat(p.message()).contains("conflict", file.toString(), "\"10m\"",
                    "ConfigMap production/disaster-recovery-config (cm.yaml) data.failover_threshold", "says 5m");
        });
    }

    @Test
    public void aRoleSetInBothPlacesIsAConflictAndARegionTheDrYamlLacksIsNamed() {
        String yaml = """
                from:
                  configMapJson: '{"kind":"ConfigMap","data":{"primary_region":"us-east-1","secondary_region":"eu-central-1"}}'
                regions:
                  - { name: us-east-1, role: secondary, bucket: b-use1 }
                  - { name: eu-west-1, role: primary, bucket: b-euw1 }
                """;

        assertThat(ConfigLoader.problems(yaml)).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("regions[0].role: conflict").contains("role: secondary",
                        "data.primary_region says primary"))
                .anySatisfy(p -> assertThat(p).startsWith("regions:").contains("eu-central-1", "secondary_region",
                        "lists no region named eu-central-1"));
    }

    @Test
    public void anUnknownSnakeCaseKeyIsRefusedWithASuggestion() {
        String yaml = """
                from:
                  configMapJson: '{"kind":"ConfigMap","data":{"primary_region":"us-east-1","failover_treshold":"5","rto":"1"}}'
                """;

        assertThat(ConfigLoader.problems(yaml)).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("from.configMapJson.data.failover_treshold:")
                        .contains("did you mean failover_threshold?"))
                .anySatisfy(p -> assertThat(p).startsWith("from.configMapJson.data.rto:").contains("allowed keys are"));
    }

    @Test
    public void unitLessNumbersOutsideThePlansUnitsAreRefusedWithTheUnit() {
        String yaml = """
                from:
                  configMapJson: '{"kind":"ConfigMap","data":{"failover_threshold":"5m","backup_retention":"0"}}'
                """;

        assertThat(ConfigLoader.problems(yaml)).extracting(ConfigProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("from.configMapJson.data.failover_threshold:")
                        .contains("whole number of minutes", "thresholds.failoverThreshold"))
                .anySatisfy(p -> assertThat(p).startsWith("from.configMapJson.data.backup_retention:")
                        .contains("days"));
    }

    @Test
    public void aMissingConfigMapFileSaysHowToSaveIt() throws Exception {
        Path file = write("dr.yaml", "from: { configMap: nowhere.yaml }\n");

        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(file), ConfigException.class);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("from.configMap");
            assertThat(p.message()).contains("does not exist", "kubectl get configmap");
        });
    }

    @Test
    public void aPastedConfigMapImportsWithTheSameRules() {
        ConfigMapSource.Imported imported = ConfigMapSource.importText(PLAN_CONFIG_MAP);

        assertThat(imported.roles()).containsExactly(java.util.Map.entry("us-east-1", "primary"),
                java.util.Map.entry("eu-west-1", "secondary"), java.util.Map.entry("ap-southeast-1", "tertiary"));
        assertThat(imported.thresholds()).containsEntry("failoverThreshold", Duration.ofMinutes(5))
                .containsEntry("healthCheckInterval", Duration.ofSeconds(30))
                .containsEntry("backupRetention", Duration.ofDays(30));
        assertThat(ConfigMapSource.problems("kind: Secret\ndata: {}\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is a Secret, not a ConfigMap"));
    }

    private Path write(String name, String text) throws Exception {
        Path file = temp.getRoot().toPath().resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
