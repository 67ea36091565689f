package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/** The main job, as README.md tells a new user to run it: a full drill, reports written, nothing left behind. */
public class DemoCommandTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test(timeout = 300_000)
    public void theDemoRunsTheFullDrillWritesItsReportsAndLeavesNothingBehind() throws Exception {
        List<Path> tempBefore = demoLeftovers();
        Path report = temp.getRoot().toPath().resolve("report/index.html");
        StringWriter out = new StringWriter();
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        int code = cli.execute("demo", "--report", report.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("VERIFIED; measured RTO", "drill: database failover", "PASSED: RTO", "end state: us-east-1 is the writable primary",
                "overall:", "last drill per scenario:", "database-failover  PASSED", "cleaned up");
        assertThat(Files.readString(report)).contains("<svg", "Drill phases", "verdict");
        assertThat(Files.readString(report.resolveSibling("drill.junit.xml"))).contains("<testsuite", "testcase");
        assertThat(Files.readString(report.resolveSibling("drill.md"))).contains("database-failover");
        assertThat(demoLeftovers()).isEqualTo(tempBefore);
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains("drjenkins-pg-demo")))
                .isEmpty();
    }

    private static List<Path> demoLeftovers() throws Exception {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("dr-demo-") || p.getFileName().toString().startsWith("drjenkins-pg-demo"))
                    .sorted().toList();
        }
    }
}
