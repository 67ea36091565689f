package io.jenkins.plugins.dr.sharedlibrary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.Test;

/** docs/examples/scripted-nightly-backup.groovy, run as Jenkins would with the repository as its shared library. */
public class ScriptedNightlyBackupExampleTest extends PipelineTestCase {

    private static final String EXAMPLE = "docs/examples/scripted-nightly-backup.groovy";

    @Test
    public void schedulesItselfNightlyAndBacksUpDatabaseThenConfiguration() {
        runScript(EXAMPLE);

        assertThat(onlyCallTo("cron").text()).isEqualTo("H 2 * * *");
        assertThat(callsTo("stage")).extracting(StepCall::text)
                .containsExactly("Back up database", "Back up configuration", "Compliance");
        assertThat(callsTo("drBackup")).extracting(c -> c.namedArgs().get("component"))
                .containsExactly("database", "configuration");
        assertThat(callsTo("drVerifyRestore")).extracting(c -> c.namedArgs().get("integrityOnly"))
                .containsExactly(false, true);
        // It ends with the compliance gate: every component judged now, VIOLATED failing the build.
        assertThat(onlyCallTo("drCompliance").namedArgs()).containsEntry("failOn", "VIOLATED");
        assertThat(buildResult()).isEqualTo("SUCCESS");
    }

    @Test
    public void failedDatabaseBackupStillBacksUpConfigurationMailsAndFailsTheBuild() {
        when("drBackup", a -> {
            if ("database".equals(named(a).get("component"))) {
                throw new StepAbort("drBackup: pg_dump: connection to db.internal:5432 refused");
            }
            return Canned.backup("configuration");
        });

        runScript(EXAMPLE);

        assertThat(callsTo("drBackup")).extracting(c -> c.namedArgs().get("component"))
                .containsExactly("database", "configuration");
        assertThat(callsTo("drVerifyRestore")).extracting(c -> c.namedArgs().get("component"))
                .containsExactly("configuration");
        Map<String, Object> mail = onlyCallTo("mail").namedArgs();
        assertThat(mail.get("to")).hasToString("oncall@example.com");
        assertThat(String.valueOf(mail.get("body"))).contains("connection to db.internal:5432 refused");
        assertThat(buildResult()).isEqualTo("FAILURE");
    }
}
