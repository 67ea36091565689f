package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.rejoin.Rejoin;
import org.drjenkins.engine.rejoin.RejoinException;
import org.drjenkins.engine.rejoin.RejoinLimits;
import org.drjenkins.engine.rejoin.RejoinRefusedException;
import org.drjenkins.engine.rejoin.RejoinResult;
import org.drjenkins.engine.rejoin.RejoinTarget;
import org.drjenkins.engine.secrets.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rejoin", header = "Bring a failed-over old primary back as a standby of the new primary.",
        sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Bring a failed-over old primary back as a standby of the new primary, restoring redundancy.",
                "When its dataDirectory is on this machine (any cluster: initdb, pg_createcluster, configuration in /etc):",
                "stop it, pg_rewind from the new primary, and start it with its own configuration; when pg_rewind refuses",
                "(no data checksums nor wal_log_hints), a fresh base backup (pg_basebackup -R); else the region's",
                "rejoinCommand. Done only when a marker written on the new primary has replayed on it.", "",
                "Refused, changing nothing, when the old primary still accepts writes (fail over first: it fences it),",
                "when the region to follow is not a primary, or when another failover, watch, drill or rejoin holds the",
                "plan's failover lease (the message names the holder). It holds that lease while it acts.", "",
                "Each step (lease taken, pg_rewind or base backup, configured as standby, started, marker replayed) is",
                "recorded in both regions' buckets as it passes: a rerun after a failure part-way continues from the",
                "first unfinished step, and a failure says what is left.", "",
                "Secrets: PGPASSWORD (for the new primary, also handed to pg_rewind and pg_basebackup).",
                "Exit codes: 0 rejoined and proven, 1 refused (nothing changed) or failed, 2 bad input (an unknown",
                "region, a region without database)."})
final class RejoinCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--region", required = true, paramLabel = "REGION",
            description = "The old primary to bring back as a standby.")
    String region;

    @Option(names = "--primary", paramLabel = "REGION",
            description = "The region to follow. Default: the one other region whose database is a primary now.")
    String primary;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", description = "How long the failover lease this run "
            + "takes lives unrenewed (renewed every third of it while the run lives): how long a killed run blocks others."
            + " Default: 90s.")
    String leaseTtl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DrConfig plan = config.load();
        StderrProgress progress = new StderrProgress(System.err, false);
        Secrets secrets = CliEnvironment.secrets();
        PrintWriter out = spec.commandLine().getOut();
        Duration ttl = DurationOption.positive("--lease-ttl", leaseTtl).orElse(FailoverLeases.DEFAULT_TTL);
        try {
            RejoinTarget target = RejoinTarget.resolve(plan, region, Optional.ofNullable(primary), secrets.pgPassword());
            progress.info("rejoining " + target.old().name() + " as a standby of " + target.primary().name());
            RejoinResult result = Rejoin.forPlan(plan, CliEnvironment.stores(secrets),
                    FailoverLeases.Terms.of("dr rejoin --region " + target.old().name(), ttl), secrets.pgPassword(),
                    System.getenv(), progress, RejoinLimits.defaults()).rejoin(target.old(), target.primary());
            out.println("DONE: " + result.line());
            return ExitCodes.OK;
        } catch (RejoinRefusedException e) {
            out.println("REFUSED: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (RejoinException e) {
            out.println("FAILED: " + e.getMessage());
            return ExitCodes.FAILED;
        } finally {
            out.flush();
        }
    }
}
