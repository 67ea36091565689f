package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The main job as README.md tells a new user to run it: the packaged jar (what ./dr runs) does the full drill,
 * including point-in-time restore through a real archive_command, writes its reports and leaves nothing behind.
 * Runs after package (failsafe), because archive_command needs the jar.
 */
public class DemoIT {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test(timeout = 420_000)
    public void theDemoRunsTheFullDrillWritesItsReportsAndLeavesNothingBehind() throws Exception {
        List<Path> leftoversBefore = demoLeftovers();
        Path report = temp.getRoot().toPath().resolve("report/index.html");
        Path jar = Path.of(System.getProperty("dr.jar", "target/dr.jar")).toAbsolutePath();
        Path output = temp.getRoot().toPath().resolve("demo.out");

        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "demo",
                "--report", report.toString()).redirectOutput(output.toFile()).redirectError(temp.getRoot().toPath().resolve("demo.err").toFile())
                .start();
        assertThat(demo.waitFor(400, TimeUnit.SECONDS)).as("demo finished").isTrue();
        String out = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).contains("VERIFIED; measured RTO", "VERIFIED: exactly the 100 rows before T", "drill: database failover",
                "PASSED: RTO", "end state: us-east-1 is the writable primary", "overall:", "last drill per scenario:",
                "database-failover  PASSED", "cleaned up");
        assertThat(Files.readString(report)).contains("<svg", "Drill phases", "verdict");
        assertThat(Files.readString(report.resolveSibling("drill.junit.xml"))).contains("<testsuite", "testcase");
        assertThat(Files.readString(report.resolveSibling("drill.md"))).contains("database-failover");
        assertThat(demoLeftovers()).isEqualTo(leftoversBefore);
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
