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

/** The WAL commands' help and their refusals of bad input, which need no server. */
public class WalCommandsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path config() throws Exception {
        Path file = temp.getRoot().toPath().resolve("dr.yaml");
        Files.writeString(file, "regions:\n  - { name: us-east-1, role: primary, bucket: wal-test, endpoint: \"http://127.0.0.1:1\" }\n"
                + "components:\n  dump: { type: postgres, url: 'postgresql://postgres@127.0.0.1:1/app' }\n"
                + "  db: { type: postgres-cluster, url: 'postgresql://postgres@127.0.0.1:1/app' }\n");
        return file;
    }

    @Test
    public void theWalCommandsAreListedWithCompleteHelpAndTheWarmUpIsHidden() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("wal-push", "wal-fetch", "wal-replicate").doesNotContain("warmup");

        for (String command : new String[] {"wal-push", "wal-fetch", "wal-replicate"}) {
            StringWriter help = new StringWriter();
            CommandLine cli = DrCommand.newCommandLine();
            cli.setOut(new PrintWriter(help, true));
            assertThat(cli.execute(command, "--help")).as(command).isZero();
            assertThat(help.toString()).as(command).contains("Usage: dr " + command).doesNotContain("%n");
            cli.getSubcommands().get(command).getCommandSpec().options().forEach(option ->
                    assertThat(option.description()).as(command + " " + option.longestName()).isNotEmpty());
        }
    }

    @Test
    public void walPushStartedAloneStillSpeaksAsDrWalPush() {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try {
            assertThat(DrCommand.execute("wal-push", "--help")).isZero();
        } finally {
            System.setOut(saved);
        }
        assertThat(captured.toString()).startsWith("PostgreSQL's archive_command").contains("Usage: dr wal-push","archive_command = '/opt/dr/dr wal-push", "%p'");
    }

    @Test
    public void walPushOfAFileThatIsNotWalIsBadInputNamingTheFile() throws Exception {
        Path notWal = temp.newFile("postgresql.conf").toPath();

        assertThat(run("wal-push", "--config", config().toString(), "--component", "db", notWal.toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith("dr wal-push: postgresql.conf is not a WAL file name: pass %p");
    }

    @Test
    public void walCommandsOnAComponentWithoutArchiveSayWhichTypeHasOne() throws Exception {
        assertThat(run("wal-fetch", "--config", config().toString(), "--component", "dump", "000000010000000000000001", "x")).isEqualTo(2);

        assertThat(err.toString()).contains("dump: it is a postgres component; only postgres-cluster components have a WAL archive");
    }

    @Test
    public void verifyRestoreRefusesTwoTargetsAndATimeWithoutOffset() throws Exception {
        assertThat(run("verify-restore", "--config", config().toString(), "--component", "db", "--to-time", "2026-01-25T14:03:00Z",
                "--to-lsn", "0/3000000")).isEqualTo(2);
        assertThat(err.toString()).contains("give one target, not both");

        err.getBuffer().setLength(0);
        assertThat(run("verify-restore", "--config", config().toString(), "--component", "db", "--to-time", "2026-01-25 14:03")).isEqualTo(2);
        assertThat(err.toString()).contains("--to-time 2026-01-25 14:03: not an ISO-8601 time with offset");

        err.getBuffer().setLength(0);
        assertThat(run("verify-restore", "--config", config().toString(), "--component", "db", "--to-lsn", "3000000")).isEqualTo(2);
        assertThat(err.toString()).contains("\"3000000\" is not a WAL position");
    }

    @Test
    public void aRecoveryTargetOnALogicalDumpIsRefused() throws Exception {
        assertThat(run("verify-restore", "--config", config().toString(), "--component", "dump", "--to-time", "2026-01-25T14:03:00Z"))
                .isEqualTo(2);

        assertThat(err.toString()).contains("only postgres-cluster components have WAL to replay to a point; dump is postgres");
    }
}
