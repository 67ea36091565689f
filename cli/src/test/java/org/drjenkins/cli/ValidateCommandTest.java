package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/** {@code dr validate} with the plan's Kubernetes ConfigMap as a source: every value says where it came from. */
public class ValidateCommandTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    public void validatePrintsWhereEachValueCameFrom() throws Exception {
        Path folder = temp.getRoot().toPath();
        Files.writeString(folder.resolve("cm.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: disaster-recovery-config, namespace: production }
                data:
                  primary_region: us-east-1
                  secondary_region: eu-west-1
                  failover_threshold: "5"
                """);
        Path file = folder.resolve("dr.yaml");
        Files.writeString(file, """
                from: { configMap: cm.yaml }
                thresholds: { backupRetention: 14d }
                """);

        assertThat(run("validate", "--config", file.toString())).isZero();

        assertThat(out.toString())
                .containsPattern("us-east-1 +primary .*role from ConfigMap production/disaster-recovery-config \\(cm.yaml\\) data.primary_region")
                .containsPattern("failoverThreshold +5m +\\(from ConfigMap production/disaster-recovery-config \\(cm.yaml\\) data.failover_threshold\\)")
                .containsPattern("healthCheckInterval +30s +\\(from default \\(the DR plan\\)\\)")
                .containsPattern("backupRetention +14d +\\(from " + java.util.regex.Pattern.quote(file.toString()) + "\\)");
    }

    @Test
    public void aConflictExitsTwoNamingBothSources() throws Exception {
        Path folder = temp.getRoot().toPath();
        Files.writeString(folder.resolve("cm.json"), """
                {"kind":"ConfigMap","metadata":{"name":"disaster-recovery-config"},"data":{"backup_retention":"30"}}
                """);
        Path file = folder.resolve("dr.yaml");
        Files.writeString(file, "from: { configMap: cm.json }\nthresholds: { backupRetention: 14d }\n");

        assertThat(run("validate", "--config", file.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("thresholds.backupRetention", "conflict", "\"14d\"", "says 30d",
                "ConfigMap disaster-recovery-config (cm.json) data.backup_retention");
    }

    private int run(String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
