package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/** {@code dr oncall} and {@code dr incident} over the plan's rotation, incident state in a real (local) S3 bucket. */
public class IncidentCommandsTest {

    private static LocalS3Server s3;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private Path file;

    @BeforeClass
    public static void startStore() {
        s3 = CliStore.start("inc-cli");
    }

    @AfterClass
    public static void stopStore() {
        CliStore.stop(s3);
    }

    @Before
    public void plan() throws Exception {
        file = temp.getRoot().toPath().resolve("dr.yaml");
        Files.writeString(file, """
                regions:
                  - { name: us-east-1, role: primary, bucket: inc-cli, endpoint: "%s" }
                  - { name: eu-west-1, role: secondary, bucket: inc-cli-b, endpoint: "%s" }
                oncall:
                  zone: Europe/Berlin
                  start: 2026-01-05T00:00
                  people:
                    - { name: Alice, email: alice@example.com }
                    - { name: Bob, email: bob@example.com }
                    - { name: Carol, email: carol@example.com }
                    - { name: Dan, email: dan@example.com }
                    - { name: CTO, email: cto@example.com }
                    - { name: VP Engineering, email: vp@example.com }
                  primary: [Alice, Carol]
                  secondary: [Bob, Dan]
                  escalation: [CTO, VP Engineering]
                """.formatted(s3.endpoint(), s3.endpoint()));
    }

    @Test
    public void oncallPrintsWhoIsOnCallAtSunday2359AndWhoTakesOverAtMondayMidnight() {
        assertThat(run("oncall", "-c", file.toString(), "--at", "2026-01-11T23:59")).isZero();

        assertThat(out.toString()).contains("on call at 2026-01-11 23:59 CET (shift 1, until 2026-01-12 00:00 CET):")
                .containsPattern("primary +Alice <alice@example.com>").containsPattern("escalation +CTO")
                .contains("next, from 2026-01-12 00:00 CET (shift 2, until 2026-01-19 00:00 CET):")
                .containsPattern("primary +Carol").containsPattern("secondary +Dan").containsPattern("escalation +VP Engineering");
    }

    @Test
    public void oncallCheckExitsOneOnAPersonOnTwoLayers() throws Exception {
        Files.writeString(file, Files.readString(file).replace("secondary: [Bob, Dan]", "secondary: [Bob, Carol]"));

        assertThat(run("oncall", "-c", file.toString(), "--check", "--at", "2026-02-01T00:00")).isEqualTo(1);
        assertThat(out.toString()).contains("rotation REFUSED:").contains("Carol is on both primary and secondary in shift 2");

        Files.writeString(file, Files.readString(file).replace("secondary: [Bob, Carol]", "secondary: [Bob, Dan]"));
        out = new StringWriter();
        assertThat(run("oncall", "-c", file.toString(), "--check", "--at", "2026-02-01T00:00")).isZero();
        assertThat(out.toString()).contains("rotation OK");
    }

    @Test
    public void oncallWithABadTimeExitsTwoSayingTheForms() {
        assertThat(run("oncall", "-c", file.toString(), "--at", "sunday night")).isEqualTo(2);
        assertThat(err.toString()).contains("--at sunday night: not a date and time; write 2026-01-11T23:59");
    }

    @Test
    public void anIncidentOpenedByHandIsAcknowledgedAndResolvedWithItsPostMortemDraftInTheBucket() {
        assertThat(run("incident", "open", "-c", file.toString(), "--severity", "high", "--description", "builds stuck in queue")).isZero();
        Matcher id = Pattern.compile("(INC-\\S+)").matcher(out.toString());
        assertThat(id.find()).isTrue();
        String incident = id.group(1);
        assertThat(out.toString()).contains("high  INVESTIGATING").contains("[INCIDENT] Jenkins - builds stuck in queue").contains("escalates to secondary at");

        out = new StringWriter();
        assertThat(run("incident", "ack", incident, "-c", file.toString(), "--by", "Alice")).isZero();
        assertThat(out.toString()).contains("acknowledged by Alice after").doesNotContain("escalates to");

        out = new StringWriter();
        assertThat(run("incident", "status", "-c", file.toString())).isZero();
        assertThat(out.toString()).contains(incident).contains("builds stuck in queue (acknowledged by Alice)");

        out = new StringWriter();
        assertThat(run("incident", "resolve", incident, "-c", file.toString(), "--summary", "runner restarted", "--rto-seconds", "300")).isZero();
        assertThat(out.toString()).contains("RESOLVED").contains("post-mortem due");
        try (ObjectStore store = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "inc-cli", s3.endpoint()), s3.credentials())) {
            assertThat(new String(store.getBytes("incidents/" + incident + "/postmortem.md").orElseThrow()))
                    .contains("- RTO: 300 s").contains("by Alice");
        }

        out = new StringWriter();
        assertThat(run("incident", "ack", incident, "-c", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is already resolved");
    }

    @Test
    public void ackingAnUnknownIncidentExitsTwo() {
        assertThat(run("incident", "ack", "INC-none", "-c", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no incident INC-none in the primary region's bucket");
    }

    private int run(String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return code;
    }
}
