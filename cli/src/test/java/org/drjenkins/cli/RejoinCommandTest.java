package org.drjenkins.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.failover.FailoverLease;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * {@code dr rejoin} as a user meets it, against a real streaming pair (and the S3 server the failover records to):
 * after {@code dr failover} it makes the old primary a streaming standby; it refuses, exit 1 and nothing changed, when
 * there is nothing to follow or the old primary still takes writes; an unknown region is exit 2. The pair is back to
 * primary a, standby b after each test.
 */
public class RejoinCommandTest {

    private static LocalS3Server s3;
    private static LocalCluster a;
    private static LocalCluster b;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeClass
    public static void startStoreAndPair() throws Exception {
        s3 = CliStore.start("rj-cli-a", "rj-cli-b");
        a = LocalCluster.ephemeral("cli-rejoin-a");
        b = LocalCluster.ephemeralStandbyOf(a, "cli-rejoin-b");
    }

    @AfterClass
    public static void stopAll() throws Exception {
        CliStore.forgetKeys();
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            s3.close();
        }
    }

    /** Back to a primary, b its standby, whatever a test did. */
    @After
    public void restorePair() throws Exception {
        System.err.println(err); // the command's progress, into the test's output file
        for (LocalCluster c : new LocalCluster[] {a, b}) {
            if (!c.isRunning()) {
                c.start();
            }
            unfence(c);
        }
        if (!b.inRecovery()) {
            if (a.inRecovery()) {
                a.promote();
            }
            a.execute("postgres", "checkpoint");
            b.rewindFrom(a);
            b.start();
        }
        unfence(a);
    }

    private static void unfence(LocalCluster cluster) throws Exception {
        try (Connection c = PgConnections.open(cluster.url("template1"), Optional.empty());
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            st.execute("set default_transaction_read_only = off");
            List<String> blocked = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select datname from pg_database where not datallowconn "
                    + "and datname <> 'template0'")) {
                while (rs.next()) {
                    blocked.add(rs.getString(1));
                }
            }
            for (String db : blocked) {
                st.execute("alter database \"" + db + "\" with allow_connections true");
            }
            st.execute("alter system reset default_transaction_read_only");
            st.execute("select pg_reload_conf()");
        }
    }

    private int run(String... args) {
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String config() throws Exception {
        Path file = temp.newFile("dr.yaml").toPath();
        Files.writeString(file, "regions:\n"
                + "  - { name: us-east-1, role: primary, bucket: rj-cli-a, endpoint: \"" + s3.endpoint() + "\",\n"
                + "      database: \"" + a.url("postgres") + "\", dataDirectory: \"" + a.dataDir() + "\" }\n"
                + "  - { name: eu-west-1, role: secondary, bucket: rj-cli-b, endpoint: \"" + s3.endpoint() + "\",\n"
                + "      database: \"" + b.url("postgres") + "\", dataDirectory: \"" + b.dataDir() + "\" }\n");
        return file.toString();
    }

    @Test
    public void helpDocumentsEveryOptionAndTheExitCodes() {
        StringWriter help = new StringWriter();
        CommandLine cli = DrCommand.newCommandLine();
        cli.setOut(new PrintWriter(help, true));
        assertThat(cli.execute("rejoin", "--help")).isZero();
        assertThat(help.toString()).contains("Usage: dr rejoin", "Exit codes", "--region", "--primary");
        cli.getSubcommands().get("rejoin").getCommandSpec().options().forEach(option ->
                assertThat(option.description()).as(option.longestName()).isNotEmpty());
    }

    @Test
    public void afterAFailoverTheOldPrimaryRejoinsAsAStreamingReadOnlyStandbyWithExitZero() throws Exception {
        String config = config();
        assertThat(run("failover", "--config", config, "--to", "eu-west-1")).as(out + "\n" + err).isZero();
        out.getBuffer().setLength(0);

        assertThat(run("rejoin", "--config", config, "--region", "us-east-1")).as(out + "\n" + err).isZero();

        assertThat(out.toString()).startsWith("DONE: us-east-1 rejoined as a standby of eu-west-1 with pg_rewind in ")
                .contains("written on eu-west-1 replicated to us-east-1");
        assertThat(a.inRecovery()).isTrue();
        assertThat(b.inRecovery()).isFalse();
        assertThat(b.sql("postgres", "select count(*) from pg_stat_replication where state = 'streaming'"))
                .isEqualTo("1");
    }

    @Test
    public void aRejoinWithNoOtherPrimaryToFollowIsRefusedWithExitOneNamingTheFix() throws Exception {
        assertThat(run("rejoin", "--config", config(), "--region", "us-east-1")).isEqualTo(1);

        assertThat(out.toString().trim()).isEqualTo("REFUSED: cannot rejoin us-east-1: no other region's database is "
                + "a primary that answers; fail over first (dr failover --to REGION), or name the region to follow (dr "
                + "rejoin --primary, drRejoin primary:)");
        assertThat(a.inRecovery()).isFalse();
        assertThat(b.inRecovery()).isTrue();
    }

    @Test
    public void aRejoinOfAnOldPrimaryThatStillAcceptsWritesIsRefusedWithExitOneAndKeepsItsWrites() throws Exception {
        b.promote(); // split brain: a was never fenced
        a.execute("postgres", "create table if not exists written_after_split (id int)");

        assertThat(run("rejoin", "--config", config(), "--region", "us-east-1", "--primary", "eu-west-1"))
                .isEqualTo(1);

        assertThat(out.toString()).startsWith("REFUSED: cannot rejoin us-east-1: it still accepts writes as a "
                + "primary, and a rejoin would discard them; fail over first (dr failover --to eu-west-1 fences it)");
        assertThat(a.inRecovery()).isFalse();
        assertThat(a.sql("postgres", "select to_regclass('written_after_split') is not null")).isEqualTo("t");
    }

    @Test
    public void aRejoinWhileAnotherHoldsTheFailoverLeaseIsRefusedWithExitOneNamingTheHolderAndChangesNothing()
            throws Exception {
        String config = config();
        assertThat(run("failover", "--config", config, "--to", "eu-west-1")).as(out + "\n" + err).isZero();
        out.getBuffer().setLength(0);
        List<Region> regions = List.of(new Region("us-east-1", Role.PRIMARY, "rj-cli-a", s3.endpoint()),
                new Region("eu-west-1", Role.SECONDARY, "rj-cli-b", s3.endpoint()));
        try (FailoverLease watch = FailoverLease.acquire(regions, region -> StoreConnector.connect(region,
                s3.credentials()), "dr watch --region eu-west-1 on ops-2 (pid 7)", "failover eu-west-1 -> us-east-1",
                Duration.ofMinutes(5), Clock.systemUTC())) {

            assertThat(run("rejoin", "--config", config, "--region", "us-east-1")).isEqualTo(1);

            assertThat(out.toString()).startsWith("REFUSED: cannot rejoin us-east-1 now, nothing was changed: the "
                    + "failover lease is held by dr watch --region eu-west-1 on ops-2 (pid 7) for failover eu-west-1 -> "
                    + "us-east-1 since ");
            assertThat(a.isRunning()).as("the old primary the failover stopped is left stopped").isFalse();
        }
        out.getBuffer().setLength(0);

        assertThat(run("rejoin", "--config", config, "--region", "us-east-1", "--lease-ttl", "30s"))
                .as(out + "\n" + err).isZero();
        assertThat(out.toString()).startsWith("DONE: us-east-1 rejoined as a standby of eu-west-1 with pg_rewind in ");
        for (Region region : regions) {
            try (ObjectStore store = StoreConnector.connect(region, s3.credentials())) {
                assertThat(store.head(FailoverLease.KEY)).as("released in " + region.bucket()).isEmpty();
            }
        }
    }

    @Test
    public void aLeaseTtlThatIsNotAPositiveDurationIsBadInputWithExitTwo() throws Exception {
        assertThat(run("rejoin", "--config", config(), "--region", "us-east-1", "--lease-ttl", "0s")).isEqualTo(2);

        assertThat(err.toString()).contains("--lease-ttl");
    }

    @Test
    public void anUnknownRegionIsBadInputWithExitTwo() throws Exception {
        assertThat(run("rejoin", "--config", config(), "--region", "mars-1")).isEqualTo(2);

        assertThat(err.toString()).contains("--region mars-1 is not a region of the plan; choose one of "
                + "[us-east-1, eu-west-1]");
    }
}
