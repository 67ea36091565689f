package org.drjenkins.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.Test;

public class ShellCommandTest {

    private static final String SECRET = "https://hooks.example.com/T000/B000/XXXXsecretXXXX";

    @Test
    public void aCommandSeesTheDrillsEnvironmentButItsOutputNeverShowsTheDrillsOwnValues() throws Exception {
        String out = ShellCommand.run("faultCommand of test", "echo \"posting to $DR_TEST_WEBHOOK in $DR_REGION\"",
                Map.of("DR_TEST_WEBHOOK", SECRET), Map.of("DR_REGION", "eu-west-1"), Duration.ofSeconds(10));

        assertThat(out).isEqualTo("posting to **** in eu-west-1").doesNotContain("secret");
    }

    @Test
    public void aFailingCommandsMessageIsMaskedToo() {
        assertThatThrownBy(() -> ShellCommand.run("rejoinCommand of test", "echo \"token $DR_TEST_TOKEN rejected\"; exit 4",
                Map.of("DR_TEST_TOKEN", "s3cr3t-t0ken"), Map.of(), Duration.ofSeconds(10)))
                .isInstanceOf(PhaseFailedException.class)
                .hasMessage("rejoinCommand of test exited 4: token **** rejected");
    }

    @Test
    public void valuesThisProcessAlreadyHasAndShortValuesAreLeftAlone() {
        String path = System.getenv("PATH");
        String output = "PATH=" + path + " port 5432";

        assertThat(ShellCommand.masked(output, Map.of("PATH", path, "PGPORT", "5432"))).isEqualTo(output);
    }
}
