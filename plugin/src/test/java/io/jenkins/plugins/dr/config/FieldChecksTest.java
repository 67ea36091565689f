package io.jenkins.plugins.dr.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.config.Durations;
import org.junit.Test;

/** Every form field is judged by the engine's ConfigLoader, with its message and nothing secret in it. */
public class FieldChecksTest {

    @Test
    public void aValidValueOfEveryFieldPasses() {
        assertThat(List.of(FieldChecks.regionName("eu-west-1"), FieldChecks.regionRole("secondary"),
                FieldChecks.bucket("dr-backups-euw1"), FieldChecks.endpoint("https://s3.example.com"),
                FieldChecks.failoverThreshold("5m"), FieldChecks.healthCheckInterval("30s", "5m"),
                FieldChecks.backupRetention("30d"), FieldChecks.rto("15m"), FieldChecks.rpo("0s"),
                FieldChecks.componentName("database"), FieldChecks.componentType("postgres"),
                FieldChecks.componentUrl("postgresql://dr@db.internal:5432/app", "postgres"),
                FieldChecks.componentPath("/etc/app", "directory"), FieldChecks.componentCommand("date", "command"),
                FieldChecks.compression("gzip"), FieldChecks.level("9", "gzip"),
                FieldChecks.sqlChecks("select true", "postgres"),
                FieldChecks.ageRecipients(AgeKeys.generate().recipient()), FieldChecks.webhookFormat("slack"),
                FieldChecks.targetComponent("database", List.of()),
                FieldChecks.regionDatabase("postgresql://dr@db.euw1.internal:5432/app"),
                FieldChecks.regionFailoverSettings("dataDirectory: /var/lib/postgresql/15/main\n"
                        + "healthChecks: [ { tcp: \"db.internal:5432\" } ]\nrejoinCommand: rejoin"),
                FieldChecks.notificationService("ci-failure-agent")))
                .extracting(Check::kind).containsOnly(Check.Kind.OK);
    }

    @Test
    public void aBadBucketGetsTheEnginesBucketRule() {
        Check check = FieldChecks.bucket("Backups_2026");

        assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(check.message()).startsWith("\"Backups_2026\" is not a valid S3 bucket name")
                .contains("lowercase letters, digits, dots and hyphens");
    }

    @Test
    public void aMissingRequiredRegionFieldSaysWhatToWrite() {
        assertThat(FieldChecks.regionName("").message()).startsWith("Missing; add name:");
        assertThat(FieldChecks.regionRole("master").message()).contains("use one of primary, secondary, tertiary");
    }

    @Test
    public void aDurationThatIsNotOneNamesTheAcceptedForms() {
        Check check = FieldChecks.failoverThreshold("5 minutes");

        assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(check.message()).contains(Durations.ACCEPTED_FORMS);
    }

    @Test
    public void theHealthCheckIntervalIsJudgedAgainstTheFailoverThreshold() {
        assertThat(FieldChecks.healthCheckInterval("10m", "5m").message()).contains("is not shorter than failoverThreshold 5m");
        assertThat(FieldChecks.healthCheckInterval("10m", null).kind())
                .as("against the default 5m").isEqualTo(Check.Kind.ERROR);
        assertThat(FieldChecks.healthCheckInterval("10m", "1h").kind()).isEqualTo(Check.Kind.OK);
    }

    @Test
    public void retentionUnderADayAndAZeroRtoAreRefused() {
        assertThat(FieldChecks.backupRetention("12h").message()).contains("shorter than 1d");
        assertThat(FieldChecks.rto("0s").kind()).isEqualTo(Check.Kind.ERROR);
    }

    @Test
    public void aDatabaseUrlWithAPasswordIsRefusedWithoutRepeatingThePassword() {
        Check check = FieldChecks.componentUrl("postgresql://dr:Sup3rS3cret@db.internal:5432/app", "postgres");

        assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(check.message()).doesNotContain("Sup3rS3cret");
    }

    @Test
    public void aFieldOfAnotherTypeIsOnlyAWarningBecauseItIsNeverWritten() {
        assertThat(FieldChecks.componentPath("/etc/app", "postgres").kind()).isEqualTo(Check.Kind.WARNING);
        assertThat(FieldChecks.sqlChecks("select true", "directory").kind()).isEqualTo(Check.Kind.WARNING);
        assertThat(FieldChecks.componentUrl("", "directory").kind()).isEqualTo(Check.Kind.OK);
    }

    @Test
    public void theLevelIsCheckedAgainstTheChosenCompression() {
        assertThat(FieldChecks.level("22", "zstd").message()).contains("use a level from 1 to 19");
        assertThat(FieldChecks.level("3", "none").message()).contains("compression none has no level");
        assertThat(FieldChecks.level("fast", null).kind()).isEqualTo(Check.Kind.ERROR);
    }

    @Test
    public void aBadRecipientLineIsNamedByItsLineAndASecretKeyIsNeverEchoed() {
        String secret = AgeKeys.generate().identity();
        Check check = FieldChecks.ageRecipients(AgeKeys.generate().recipient() + "\n" + secret);

        assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(check.message()).startsWith("Line 2: ").contains("SECRET key").doesNotContain(secret);
    }

    @Test
    public void aComponentNameThatCannotBeAFolderSuggestsOne() {
        assertThat(FieldChecks.componentName("My DB").message()).contains("e.g. my-db");
        assertThat(FieldChecks.targetComponent("My DB", List.of()).kind()).isEqualTo(Check.Kind.ERROR);
    }

    @Test
    public void aTargetForAnUnknownComponentIsAWarningNamingThePlansObjectives() {
        Check unknown = FieldChecks.targetComponent("reports", List.of("database"));

        assertThat(unknown.kind()).isEqualTo(Check.Kind.WARNING);
        assertThat(unknown.message()).contains("database, application, configuration, dns, static-assets");
        assertThat(FieldChecks.targetComponent("reports", List.of("reports")).kind()).isEqualTo(Check.Kind.OK);
    }

    @Test
    public void theImportFieldListsEveryProblemOfThePastedFile() {
        Check check = FieldChecks.configYaml("regions: []\nthresholds: { backupRetention: 1h }\n");

        assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(check.message()).startsWith("2 problems: ").contains("regions: is empty")
                .contains("thresholds.backupRetention");
        assertThat(FieldChecks.configYaml("components: { etc: { type: directory, path: /etc } }\n").kind())
                .isEqualTo(Check.Kind.OK);
        assertThat(FieldChecks.configYaml("").message()).isNull();
    }

    @Test
    public void anEncryptedComponentWithoutRecipientsIsWarnedAbout() {
        assertThat(FieldChecks.encrypt(true, List.of()).kind()).isEqualTo(Check.Kind.WARNING);
        assertThat(FieldChecks.encrypt(true, List.of("age1x")).kind()).isEqualTo(Check.Kind.OK);
        assertThat(FieldChecks.encrypt(false, List.of()).kind()).isEqualTo(Check.Kind.OK);
    }

    @Test
    public void aWebhookNeedsAKnownFormat() {
        assertThat(FieldChecks.webhookFormat("teams").kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(FieldChecks.webhookName("").kind()).isEqualTo(Check.Kind.WARNING);
    }

    @Test
    public void failoverSettingsAreJudgedByConfigLoaderAndNamedByTheirPath() {
        Check check = FieldChecks.regionFailoverSettings("healthChecks: [ { tcp: \"db.internal:5432\", status: 200 } ]\n"
                + "dns: { provider: bind }");

        assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(check.message()).contains("healthChecks[0]").contains("dns");
    }

    @Test
    public void failoverSettingsTakeOnlyTheNestedKeysAndOnlyAMapping() {
        assertThat(FieldChecks.regionFailoverSettings("database: postgresql://x@y/z").message())
                .contains("not database");
        assertThat(FieldChecks.regionFailoverSettings("- a\n- b").message()).startsWith("Write a YAML mapping of");
        assertThat(FieldChecks.regionFailoverSettings(" ").kind()).isEqualTo(Check.Kind.OK);
    }

    @Test
    public void aSecretInTheDnsSettingsIsRefusedWithoutBeingRepeated() {
        Check check = FieldChecks.regionFailoverSettings("dns: { provider: rfc2136, zone: example.com, recordName: db,"
                + " server: ns1.example.com, tsigSecret: c2VjcmV0LXRzaWcta2V5 }");

        assertThat(check.kind()).isEqualTo(Check.Kind.ERROR);
        assertThat(check.message()).doesNotContain("c2VjcmV0LXRzaWcta2V5");
    }

    @Test
    public void theImportSaysThatWebhooksAreNotImported() {
        assertThat(FieldChecks.configYaml("notifications: { webhooks: [ { name: a, urlEnv: A, format: slack } ] }\n")
                .message()).contains("1 webhook(s) are not imported");
    }
}
