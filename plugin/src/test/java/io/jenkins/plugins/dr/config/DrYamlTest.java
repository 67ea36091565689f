package io.jenkins.plugins.dr.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.ConfigProblem;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.WebhookTarget;
import org.junit.Test;

/** The form ↔ dr.yaml mapping: ConfigLoader must read back exactly the plan the form shows. */
public class DrYamlTest {
    private static final String RECIPIENT = AgeKeys.generate().recipient();

    private static final String FULL_PLAN = """
            regions:
              - { name: us-east-1, role: primary, bucket: dr-use1, endpoint: "http://127.0.0.1:9000" }
              - { name: eu-west-1, role: secondary, bucket: dr-euw1 }
            thresholds: { failoverThreshold: 10m, healthCheckInterval: 20s, backupRetention: 14d }
            targets:
              database: { rto: 20m, rpo: 2m }
              application: { rto: 10m, rpo: 1m }
              reports: { rto: 45m, rpo: 1h }
            components:
              database:
                type: postgres
                url: postgresql://dr@db.internal:5432/app
                encrypt: true
                level: 9
                checks: ["select count(*) > 0 from users", "select true"]
              configuration: { type: directory, path: /etc/ci-failure-agent, compression: gzip }
              reports: { type: command, command: "kubectl get secrets -A -o json", compression: none, allowEmpty: true }
            age:
              recipients: [%s]
            """.formatted(RECIPIENT);

    private static final String FAILOVER_PLAN = """
            regions:
              - name: us-east-1
                role: primary
                bucket: dr-use1
                database: "postgresql://dr@db.use1.internal:5432/app"
                dataDirectory: /var/lib/postgresql/15/main
                healthChecks:
                  - { http: "https://jenkins.use1.example.com/login", status: 200, timeout: 3s }
                  - { tcp: "db.use1.internal:5432" }
                dns: { provider: rfc2136, zone: example.com, recordName: db, server: "ns1.example.com:53", tsigKeyName: dr,
                       ttl: 30, value: 10.0.1.100 }
                faultCommand: "ssh db.use1 sudo systemctl stop postgresql"
              - name: eu-west-1
                role: secondary
                bucket: dr-euw1
                database: "postgresql://dr@db.euw1.internal:5432/app"
                dns: { provider: route53, hostedZoneId: Z0123456789ABCDEFGHIJ, recordName: db.example.com, value: 10.1.1.100 }
                rejoinCommand: "ssh db.euw1 /usr/local/bin/rejoin-as-standby"
            notifications:
              service: ci-failure-agent
            """;

    @Test
    public void anImportedFailoverPlanKeepsEveryRegionSettingAndTheService() {
        DrConfig original = ConfigLoader.parse(FAILOVER_PLAN, "test");

        PlanForm form = DrYaml.fromYaml(FAILOVER_PLAN, "test");
        String rendered = DrYaml.render(form);

        assertThat(form.regions().get(0).getDatabase()).isEqualTo("postgresql://dr@db.use1.internal:5432/app");
        assertThat(form.regions().get(0).getFailoverSettings()).contains("dataDirectory").contains("healthChecks")
                .contains("faultCommand").doesNotContain("database").doesNotContain("bucket");
        assertThat(form.notificationService()).isEqualTo("ci-failure-agent");
        assertThat(ConfigLoader.problems(rendered)).isEmpty();
        assertThat(ConfigLoader.parse(rendered, "rendered")).isEqualTo(original);
    }

    @Test
    public void webhooksAreWrittenByNameAndFormatWithTheirUrlInAnEnvironmentVariable() {
        WebhookEntry slack = new WebhookEntry("incidents", "slack", "dr-slack");
        WebhookEntry pager = new WebhookEntry("pager", "json", "dr-pager");

        String yaml = DrYaml.render(new PlanForm(List.of(), null, null, null, List.of(), List.of(), List.of(),
                "ci-failure-agent", List.of(slack, pager)));

        DrConfig plan = ConfigLoader.parse(yaml, "rendered");
        assertThat(plan.notifications().service()).isEqualTo("ci-failure-agent");
        assertThat(plan.notifications().webhooks()).extracting(WebhookTarget::name, WebhookTarget::urlEnv,
                WebhookTarget::url).containsExactly(tuple("incidents", "DR_WEBHOOK_1", null),
                tuple("pager", "DR_WEBHOOK_2", null));
        assertThat(yaml).doesNotContain("dr-slack").doesNotContain("dr-pager");
        assertThat(DrYaml.webhooksIn("notifications: { webhooks: [ { name: a, urlEnv: A } ] }")).isEqualTo(1);
    }

    @Test
    public void aFailoverSnippetThatIsNotAMappingIsLeftOutOfTheYaml() {
        RegionEntry region = new RegionEntry("us-east-1", "primary", "dr-use1");
        region.setFailoverSettings("- just\n- a list");

        String yaml = DrYaml.render(new PlanForm(List.of(region), null, null, null, List.of(), List.of(), List.of()));

        assertThat(ConfigLoader.problems(yaml)).isEmpty();
        assertThat(yaml).doesNotContain("just");
    }

    @Test
    public void anImportedPlanRendersToYamlThatConfigLoaderReadsAsTheSamePlan() {
        DrConfig original = ConfigLoader.parse(FULL_PLAN, "test");

        String rendered = DrYaml.render(DrYaml.fromConfig(original));

        assertThat(ConfigLoader.problems(rendered)).isEmpty();
        assertThat(ConfigLoader.parse(rendered, "rendered")).isEqualTo(original);
    }

    @Test
    public void importLeavesOutWhatTheEngineWouldFillInAnyway() {
        PlanForm form = DrYaml.fromConfig(ConfigLoader.parse(FULL_PLAN, "test"));

        assertThat(form.targets()).extracting(TargetEntry::getComponent)
                .as("application's targets equal the plan's defaults").containsExactly("database", "reports");
        ComponentEntry database = form.components().get(0);
        assertThat(database.getCompression()).as("zstd is the default").isNull();
        assertThat(database.getLevel()).isEqualTo("9");
        assertThat(database.checkList()).containsExactly("select count(*) > 0 from users", "select true");
        ComponentEntry reports = form.components().get(2);
        assertThat(reports.getCompression()).isEqualTo("none");
        assertThat(reports.getLevel()).as("none has no level").isNull();
        assertThat(reports.isAllowEmpty()).isTrue();
        assertThat(form.regions().get(0).getEndpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(form.ageRecipients()).containsExactly(RECIPIENT);
    }

    @Test
    public void aFormRendersOnlyTheFieldsItsComponentsTypeUses() {
        ComponentEntry database = new ComponentEntry("database", "postgres");
        database.setUrl("postgresql://dr@db.internal:5432/app");
        database.setPath("/left/over/from/directory");
        database.setCommand("left over from command");
        database.setAllowEmpty(true);
        ComponentEntry config = new ComponentEntry("configuration", "directory");
        config.setPath("/etc/app");
        config.setChecks("select true");

        String yaml = DrYaml.render(new PlanForm(List.of(), null, null, null, List.of(),
                List.of(database, config), List.of()));

        assertThat(yaml).doesNotContain("/left/over").doesNotContain("left over").doesNotContain("select true").doesNotContain("allowEmpty");
        DrConfig plan = ConfigLoader.parse(yaml, "rendered");
        assertThat(plan.component("database").orElseThrow().url()).isEqualTo("postgresql://dr@db.internal:5432/app");
        assertThat(plan.component("configuration").orElseThrow().path()).hasToString("/etc/app");
    }

    @Test
    public void anEmptyFormIsTheEnginesDefaultPlan() {
        String yaml = DrYaml.render(PlanForm.empty());

        assertThat(ConfigLoader.parse(yaml, "rendered")).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    public void aWrongValueReachesConfigLoaderAsTypedAndIsReportedAtItsField() {
        ComponentEntry component = new ComponentEntry("reports", "command");
        component.setCommand("date");
        component.setLevel("high");
        TargetEntry target = new TargetEntry("reports");
        target.setRto("a while");
        RegionEntry region = new RegionEntry("us-east-1", "primary", "Not_A_Bucket");

        String yaml = DrYaml.render(new PlanForm(List.of(region), "5 minutes", null, null, List.of(target),
                List.of(component), List.of()));

        assertThat(ConfigLoader.problems(yaml)).extracting(ConfigProblem::field).containsExactlyInAnyOrder(
                "regions[0].bucket", "thresholds.failoverThreshold", "targets.reports.rto", "components.reports.level");
    }

    @Test
    public void aRegionsDatabaseIsWrittenOnlyWhenSet() {
        RegionEntry withDatabase = new RegionEntry("us-east-1", "primary", "dr-use1");
        withDatabase.setDatabase("postgresql://dr@db-use1.internal:5432/app");
        RegionEntry without = new RegionEntry("eu-west-1", "secondary", "dr-euw1");

        String yaml = DrYaml.render(new PlanForm(List.of(withDatabase, without), null, null, null, List.of(),
                List.of(), List.of()));

        assertThat(yaml).containsOnlyOnce("database:").contains("postgresql://dr@db-use1.internal:5432/app");
    }

    @Test
    public void blankFormTextIsLeftOutSoThatTheEnginesDefaultsApply() {
        RegionEntry region = new RegionEntry(" us-east-1 ", "primary", "dr-use1");
        region.setEndpoint("   ");

        String yaml = DrYaml.render(new PlanForm(List.of(region), "", "  ", null, List.of(), List.of(), List.of()));

        assertThat(yaml).doesNotContain("endpoint").doesNotContain("thresholds").contains("\"us-east-1\"");
    }
}
