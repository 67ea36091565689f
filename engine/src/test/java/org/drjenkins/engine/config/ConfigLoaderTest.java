package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigLoaderTest {

    private static final String KEY_1 = "age192v2xg5mzaprgln8kshzdwuwc05q5lukmyk79gfd8je5aw9zugkqsy735s";
    private static final String KEY_2 = "age1vpetlygldjhq425tvzdu27nqmp5qt4xdu3xs7rzp95vvv8fra38qq82m05";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void fullFileLoadsEverySettingItWrites() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/config/full.yaml").toURI());

        DrConfig config = ConfigLoader.load(file);

        assertThat(config.regions()).containsExactly(
                new Region("us-east-1", Role.PRIMARY, "ci-failure-agent-backups-use1", URI.create("http://127.0.0.1:9000")),
                new Region("eu-west-1", Role.SECONDARY, "ci-failure-agent-backups-euw1", null),
                new Region("ap-southeast-1", Role.TERTIARY, "ci-failure-agent-backups-apse1",
                        URI.create("https://s3.ap-southeast-1.example.com")));
        assertThat(config.primary().name()).isEqualTo("us-east-1");
        assertThat(config.thresholds()).isEqualTo(
                new Thresholds(Duration.ofMinutes(10), Duration.ofSeconds(15), Duration.ofDays(90)));
        assertThat(config.targets()).containsExactly(
                entry("database", new Targets(Duration.ofMinutes(20), Duration.ofMinutes(90))),
                entry("application", new Targets(Duration.ofMinutes(10), Duration.ofMinutes(1))),
                entry("configuration", new Targets(Duration.ofMinutes(5), Duration.ZERO)),
                entry("dns", new Targets(Duration.ofMinutes(1), Duration.ZERO)),
                entry("static-assets", new Targets(Duration.ofSeconds(30), Duration.ZERO)),
                entry("secrets", new Targets(Duration.ofMinutes(2), Duration.ZERO)));
        assertThat(config.components().keySet()).containsExactly("database", "configuration", "secrets", "audit-log");
        assertThat(config.components().get("database")).isEqualTo(new Component("database", ComponentType.POSTGRES,
                "postgresql://app@db.internal:5432/app", null, null, false, Compression.GZIP, 9,
                List.of("select count(*) > 0 from users",
                        "select max(created_at) > now() - interval '1 day' from builds")));
        assertThat(config.components().get("configuration")).isEqualTo(new Component("configuration",
                ComponentType.DIRECTORY, null, Path.of("/etc/ci-failure-agent"), null, false, Compression.ZSTD, 1,
                List.of()));
        assertThat(config.components().get("secrets")).isEqualTo(new Component("secrets", ComponentType.COMMAND,
                null, null, "kubectl get secrets -A -o json", true, Compression.ZSTD, 19, List.of()));
        assertThat(config.components().get("audit-log")).isEqualTo(new Component("audit-log", ComponentType.COMMAND,
                null, null, "journalctl -u jenkins --since yesterday", false, Compression.NONE, 0, List.of()));
        assertThat(config.ageRecipients()).containsExactly(KEY_1, KEY_2);
    }

    @Test
    public void everythingLeftOutTakesThePlanDefaults() {
        DrConfig config = ConfigLoader.parse("components:\n  configuration: { type: directory, path: /etc/app }\n",
                "dr.yaml");

        assertThat(config.regions()).isEqualTo(ConfigLoader.defaults().regions());
        assertThat(config.thresholds()).isEqualTo(Thresholds.defaults());
        assertThat(config.targets()).isEqualTo(Targets.planDefaults());
        assertThat(config.ageRecipients()).isEmpty();
        assertThat(config.component("configuration")).contains(new Component("configuration", ComponentType.DIRECTORY,
                null, Path.of("/etc/app"), null, false, Compression.ZSTD, Compression.ZSTD.defaultLevel(), List.of()));
    }

    @Test
    public void partlyWrittenSectionsKeepTheDefaultsOfWhatTheyLeaveOut() {
        DrConfig config = ConfigLoader.parse("thresholds:\n  failoverThreshold: 10m\n"
                + "targets:\n  database: { rto: 30m }\n  secrets: { rpo: 1m }\n"
                + "components:\n  secrets: { type: command, command: 'kubectl get secrets -A -o json', compression: gzip }\n",
                "dr.yaml");

        assertThat(config.thresholds()).isEqualTo(new Thresholds(Duration.ofMinutes(10),
                Thresholds.defaults().healthCheckInterval(), Thresholds.defaults().backupRetention()));
        assertThat(config.targetsFor("database")).isEqualTo(new Targets(Duration.ofMinutes(30), Duration.ofMinutes(5)));
        assertThat(config.targetsFor("secrets")).isEqualTo(new Targets(Targets.OVERALL.rto(), Duration.ofMinutes(1)));
        assertThat(config.component("secrets").orElseThrow().compressionLevel()).isEqualTo(Compression.GZIP.defaultLevel());
    }

    @Test
    public void freshnessKeepsThePlansMaximumAgesForWhatItLeavesOut() {
        DrConfig config = ConfigLoader.parse("freshness:\n  verificationMaxAge: 2d\n", "dr.yaml");

        assertThat(config.freshness()).isEqualTo(new FreshnessSettings(Duration.ofDays(2), Duration.ofHours(6), Duration.ofDays(99)));
        assertThat(ConfigLoader.defaults().freshness()).isEqualTo(FreshnessSettings.defaults());
    }

    @Test
    public void defaultsAreThePlansThreeRegionsWithNoComponents() {
        DrConfig config = ConfigLoader.defaults();

        assertThat(config.regions()).containsExactly(
                new Region("us-east-1", Role.PRIMARY, "dr-backups-us-east-1", null),
                new Region("eu-west-1", Role.SECONDARY, "dr-backups-eu-west-1", null),
                new Region("ap-southeast-1", Role.TERTIARY, "dr-backups-ap-southeast-1", null));
        assertThat(config.thresholds()).isEqualTo(Thresholds.defaults());
        assertThat(config.targets()).isEqualTo(Targets.planDefaults());
        assertThat(config.components()).isEmpty();
        assertThat(config.ageRecipients()).isEmpty();
    }

    @Test
    public void everyProblemIsReportedAtOnceNotJustTheFirst() {
        String yaml = "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: Bad_Bucket }\n"
                + "  - { name: eu-west-1, role: backup, bucket: dr-euw1 }\n"
                + "thresholds:\n  failoverThreshold: -5m\n  backupRetention: 1h\n"
                + "targets:\n  database: { rto: 15m, rpo: soon }\n"
                + "components:\n"
                + "  database: { type: postgres, url: 'postgresql://app@db/app', path: /srv }\n"
                + "  configuration: { type: directory, path: relative/dir }\n"
                + "age:\n  recipients: [ age1short ]\n";

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "dr.yaml"));

        assertThat(e.problems()).extracting(ConfigProblem::field).containsExactlyInAnyOrder(
                "regions[0].bucket", "regions[1].role", "thresholds.failoverThreshold", "thresholds.backupRetention",
                "targets.database.rpo", "components.database.path", "components.configuration.path",
                "age.recipients[0]");
    }

    @Test
    public void exceptionMessageNamesTheSourceAndListsOneProblemPerLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                "thresholds:\n  failoverThreshold: -5m\n  failoverTreshold: 5m\n", "/etc/dr/dr.yaml"));

        assertThat(e.sourceName()).isEqualTo("/etc/dr/dr.yaml");
        assertThat(e.getMessage().split("\n")).containsExactly(
                "/etc/dr/dr.yaml has 2 problems:",
                "  thresholds.failoverTreshold: unknown key; did you mean failoverThreshold? (allowed keys: "
                        + "failoverThreshold, healthCheckInterval, backupRetention)",
                "  thresholds.failoverThreshold: \"-5m\" is negative; use a positive duration such as 5m");
    }

    @Test
    public void problemPrintsAsFieldColonMessage() {
        assertThat(new ConfigProblem("regions[1].role", "\"x\" is not a role")).hasToString(
                "regions[1].role: \"x\" is not a role");
        assertThat(new ConfigProblem("", "the configuration is empty")).hasToString("the configuration is empty");
    }

    @Test
    public void passwordInPostgresUrlIsRefusedWithoutRepeatingIt() {
        for (String url : List.of("postgresql://app:Tr0ub4dor@db.internal:5432/app",
                "postgres://app:Tr0ub4dor@db.internal/app?sslmode=require",
                "postgresql://app@db.internal/app?password=Tr0ub4dor",
                "host=db.internal dbname=app password=Tr0ub4dor")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                    "components:\n  database: { type: postgres, url: '" + url + "' }\n", "dr.yaml"));

            assertThat(e.problems()).as(url).singleElement().satisfies(problem -> {
                assertThat(problem.field()).isEqualTo("components.database.url");
                assertThat(problem.message()).contains("contains a password").contains("PGPASSWORD").contains("~/.pgpass");
            });
            assertThat(e.getMessage()).as(url).doesNotContain("Tr0ub4dor");
        }
    }

    @Test
    public void credentialsInAnEndpointAreRefusedWithoutRepeatingThem() {
        List<ConfigProblem> problems = ConfigLoader.problems("regions:\n  - { name: us-east-1, role: primary, "
                + "bucket: dr-use1, endpoint: 'http://AKIAEXAMPLE:s3cr3tKey@127.0.0.1:9000' }\n");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("regions[0].endpoint");
            assertThat(problem.message()).contains("contains credentials").doesNotContain("s3cr3tKey")
                    .doesNotContain("AKIAEXAMPLE");
        });
    }

    @Test
    public void ageSecretKeyInRecipientsIsRefusedWithoutRepeatingIt() {
        String secret = "AGE-SECRET-KEY-1TD6MAK8VTVMQ4P95D9DACZD556FY02RPD6KAHLR5UHQF9JSN94RS23AU98";

        List<ConfigProblem> problems = ConfigLoader.problems("age:\n  recipients: [ " + secret + " ]\n");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("age.recipients[0]");
            assertThat(problem.message()).contains("is an age SECRET key").doesNotContain("TD6MAK8");
        });
    }

    @Test
    public void yamlSyntaxErrorIsOneProblemWithLineAndColumn() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                "regions:\n  - name: us-east-1\n    role: primary\n   bucket: dr-use1\n", "dr.yaml"));

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEmpty();
            assertThat(problem.message()).startsWith("YAML syntax error at line 4, column 4: ")
                    .doesNotContain("\n");
        });
    }

    @Test
    public void emptyOrCommentOnlyFileIsOneClearProblem() {
        for (String yaml : List.of("", "   \n", "# nothing yet\n", "~\n")) {
            assertThat(ConfigLoader.problems(yaml)).as("[%s]", yaml)
                    .containsExactly(new ConfigProblem("", "the configuration is empty; it needs at least the "
                            + "components to back up (see the sample dr.yaml), or leave the file out to use the "
                            + "built-in defaults"));
        }
    }

    @Test
    public void topLevelThatIsNotAMappingIsRefused() {
        assertThat(ConfigLoader.problems("- regions\n- components\n")).singleElement()
                .satisfies(problem -> assertThat(problem.message()).isEqualTo(
                        "the top level must be a mapping with regions, thresholds, targets, components, age, notifications, from, freshness, watch, oncall, incidents, not a list"));
    }

    @Test
    public void missingFileIsAConfigProblemNamingThePath() {
        Path missing = temp.getRoot().toPath().resolve("dr.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(missing));

        assertThat(e.getMessage()).contains(missing.toString()).contains("does not exist");
    }

    @Test
    public void loadReadsAFileFromDisk() throws Exception {
        Path file = temp.newFile("dr.yaml").toPath();
        Files.writeString(file, "regions:\n  - { name: local, role: primary, bucket: dr-local, "
                + "endpoint: 'http://127.0.0.1:9000' }\n");

        DrConfig config = ConfigLoader.load(file);

        assertThat(config.regions()).containsExactly(
                new Region("local", Role.PRIMARY, "dr-local", URI.create("http://127.0.0.1:9000")));
    }

    @Test
    public void validTextHasNoProblems() {
        assertThat(ConfigLoader.problems("thresholds:\n  failoverThreshold: PT5M\n  healthCheckInterval: 500ms\n"))
                .isEmpty();
    }

    @Test
    public void multiHostAndIpv6PostgresUrlsAreAccepted() {
        DrConfig config = ConfigLoader.parse("components:\n"
                + "  a: { type: postgres, url: 'postgresql://app@db1:5432,db2:5433/app?target_session_attrs=read-write' }\n"
                + "  b: { type: postgres, url: 'postgres://[::1]:5432/app' }\n", "dr.yaml");

        assertThat(config.components()).containsOnlyKeys("a", "b");
    }
}
