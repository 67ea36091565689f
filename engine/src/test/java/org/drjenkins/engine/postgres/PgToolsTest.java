package org.drjenkins.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PgToolsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void findsTheInstalledPostgresql15ToolsAndRunsThem() throws Exception {
        PgTools tools = PgTools.locate();

        assertThat(tools.binDir()).isEqualTo(Path.of("/usr/lib/postgresql/15/bin"));
        List<String> output = PgProcesses.run(tools.command("pg_dump", "--version"), "pg_dump --version", 30);
        assertThat(output).singleElement().asString().startsWith("pg_dump (PostgreSQL) 15.");
    }

    @Test
    public void overrideWinsAndWithoutItTheNewestVersionIsChosen() throws Exception {
        Path root = tmp.newFolder("postgresql").toPath();
        Path v13 = fakeBin(root.resolve("13/bin"));
        Path v16 = fakeBin(root.resolve("16/bin"));
        fakeBin(root.resolve("9.6/bin"));

        assertThat(PgTools.locate(Map.of(), root).binDir()).isEqualTo(v16);
        assertThat(PgTools.locate(Map.of(PgTools.ENV_BIN, v13.toString()), root).binDir()).isEqualTo(v13);
        Path v15 = fakeBin(root.resolve("15/bin"));
        assertThat(PgTools.locate(Map.of(), root).binDir()).isEqualTo(v15);
    }

    @Test
    public void fallsBackToThePathAndOtherwiseSaysWhatToInstall() throws Exception {
        Path onPath = fakeBin(tmp.newFolder("usr-local-bin").toPath());
        Path nowhere = tmp.getRoot().toPath().resolve("no-postgresql-here");

        assertThat(PgTools.locate(Map.of("PATH", "/nonexistent:" + onPath), nowhere).binDir()).isEqualTo(onPath);
        assertThatThrownBy(() -> PgTools.locate(Map.of("PATH", "/nonexistent"), nowhere))
                .isInstanceOf(PostgresException.class)
                .hasMessageContaining("PostgreSQL tools not found")
                .hasMessageContaining("apt-get install postgresql-15")
                .hasMessageContaining("DR_PG_BIN");
        assertThatThrownBy(() -> PgTools.locate(Map.of(PgTools.ENV_BIN, "/opt/wrong"), nowhere))
                .hasMessageContaining("DR_PG_BIN=/opt/wrong holds no executable pg_dump");
    }

    @Test
    public void aMissingProgramIsNamedWithTheInstallHint() throws Exception {
        PgTools tools = PgTools.at(fakeBin(tmp.newFolder("only-pg-dump").toPath()));

        assertThatThrownBy(() -> tools.command("pg_restore"))
                .isInstanceOf(PostgresException.class)
                .hasMessageContaining("pg_restore not found in")
                .hasMessageContaining("apt-get install postgresql-15");
    }

    @Test
    public void serverProgramsRunAsThePostgresUserWhenWeAreRoot() throws Exception {
        PgTools tools = PgTools.locate();

        List<String> command = tools.serverCommand("initdb", "--version").command();

        if (PgTools.runningAsRoot()) {
            assertThat(command).startsWith("/usr/sbin/runuser", "-u", "postgres", "--");
        } else {
            assertThat(command.get(0)).endsWith("/initdb");
        }
        List<String> output = PgProcesses.run(tools.serverCommand("initdb", "--version"), "initdb --version", 30);
        assertThat(output).singleElement().asString().startsWith("initdb (PostgreSQL) 15.");
    }

    /** A directory holding an executable named pg_dump: all that the lookup checks. */
    private static Path fakeBin(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path pgDump = dir.resolve("pg_dump");
        Files.writeString(pgDump, "#!/bin/sh\n");
        Files.setPosixFilePermissions(pgDump, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
