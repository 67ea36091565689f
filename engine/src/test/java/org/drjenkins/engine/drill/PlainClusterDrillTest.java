package org.drjenkins.engine.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.DnsSwitcherFactory;
import org.drjenkins.engine.failover.FailoverLimits;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.failover.RecordingProgress;
import org.drjenkins.engine.rejoin.PlainClusterPair;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.testing.S3Fixture;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A database-failover drill on two clusters nobody made for us (plain initdb; the standby configured from outside its
 * data directory, started with {@code -c config_file=...}): the fault stops the primary, the failover promotes the
 * standby, and the rollback rejoins the old primary, ending with exactly one writable primary and one streaming
 * standby. Before this the rollback refused such clusters ("give both regions a local dataDirectory").
 */
public class PlainClusterDrillTest {

    @ClassRule
    public static final S3Fixture S3 = new S3Fixture();

    private static PlainClusterPair pair;

    private final RecordingProgress progress = new RecordingProgress();

    @BeforeClass
    public static void startPair() throws Exception {
        pair = PlainClusterPair.start("drill", true);
    }

    @AfterClass
    public static void stopPair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    public void aDatabaseFailoverDrillOnPlainClustersEndsWithOneWritablePrimaryAndOneStreamingStandby()
            throws Exception {
        String source = pair.primaryRegion();
        String target = pair.other(source);
        DrConfig config = config(region(source, "primary") + region(target, "secondary"));

        DrillReport report = runner(config).run(DrillOptions.of(Scenario.DATABASE_FAILOVER)
                .detection(Duration.ofMillis(100), Duration.ofSeconds(1)));

        assertThat(report.outcome()).as(progress.toString()).isEqualTo(DrillOutcome.PASSED);
        String rollback = report.phases().stream().filter(p -> p.name().equals("rollback")).findFirst().orElseThrow()
                .detail();
        assertThat(rollback).contains(source + " rejoined as a standby of " + target + " with pg_rewind",
                "replicated to " + source);
        assertThat(pair.inRecovery(source)).isTrue();
        assertThat(pair.inRecovery(target)).isFalse();
        assertThat(pair.sql(target, "select count(*) from pg_stat_replication where state = 'streaming'"))
                .isEqualTo("1");
        pair.execute(target, "create table if not exists after_drill (id int)");
        assertThat(pair.sql(source, "show transaction_read_only")).isEqualTo("on");
    }

    private static String region(String name, String role) {
        return "  - name: " + name + "\n"
                + "    role: " + role + "\n"
                + "    bucket: plain-drill-" + name + "\n"
                + "    endpoint: \"" + S3.server().endpoint() + "\"\n"
                + "    database: \"" + pair.url(name, "postgres") + "\"\n"
                + "    dataDirectory: \"" + pair.dataDir(name) + "\"\n";
    }

    private static DrConfig config(String regions) {
        DrConfig config = ConfigLoader.parse("regions:\n" + regions, "plain drill dr.yaml");
        for (Region region : config.regions()) {
            try (ObjectStore store = S3.open(region)) {
                store.createBucketIfMissing();
            }
        }
        return config;
    }

    private DrillRunner runner(DrConfig config) {
        FailoverTools failover = new FailoverTools(Optional.empty(),
                DnsSwitcherFactory.standard(Optional.empty(), S3.server().credentials()),
                IncidentNotifier.fromConfig(config.notifications(), Map.of(), Duration.ofSeconds(2), progress),
                FailoverLimits.defaults());
        Secrets secrets = new Secrets(S3.server().credentials(), Optional.empty(), List.of(), Optional.empty());
        return new DrillRunner(config, new DrillTools(secrets, S3.stores(), failover, Map.of()), Clock.systemUTC(),
                progress);
    }
}
