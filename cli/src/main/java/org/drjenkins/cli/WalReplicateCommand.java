package org.drjenkins.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.wal.WalComponents;
import org.drjenkins.engine.wal.WalReplicator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "wal-replicate", header = "Copy a postgres-cluster's WAL archive to the other regions and report the lag.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Copy the WAL archive of a postgres-cluster component from the primary region",
                "to every other region: only what a region lacks, found by comparing listings.",
                "wal-push stores in the primary only, to stay quick; run this every minute or",
                "so (or continuously with --every) to keep the other regions' recovery point",
                "close. Every base backup of the component also runs one pass. Prints each",
                "region's lag: the age of its oldest missing file.",
                "Exit codes: 0 every region in sync, 1 a copy failed, 2 bad input."})
final class WalReplicateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--component", required = true, paramLabel = "NAME", description = "The postgres-cluster component to copy.")
    String component;

    @Option(names = "--every", paramLabel = "DURATION", description = "Repeat every DURATION (e.g. 30s) until stopped, instead of one pass.")
    String every;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DrConfig plan = config.load();
        Component target = plan.component(component).orElseThrow(() -> new InvalidRequestException("--component " + component
                + ": no such component; configured: " + String.join(", ", plan.components().keySet())));
        WalComponents.requireCluster(target, "wal-replicate");
        Duration interval = every == null ? null : parseInterval();
        Secrets secrets = CliEnvironment.secrets();
        StoreProvider stores = CliEnvironment.stores(secrets);
        while (true) {
            boolean ok = pass(plan, target, stores);
            if (interval == null) {
                return ok ? ExitCodes.OK : ExitCodes.FAILED;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    private Duration parseInterval() {
        try {
            Duration interval = Durations.parse(every);
            if (!interval.isNegative() && !interval.isZero()) {
                return interval;
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("--every " + every + ": " + e.getMessage());
        }
        throw new InvalidRequestException("--every " + every + ": must be positive, e.g. 30s");
    }

    private boolean pass(DrConfig plan, Component target, StoreProvider stores) {
        PrintWriter out = spec.commandLine().getOut();
        WalReplicator replicator = new WalReplicator(Clock.systemUTC());
        boolean ok = true;
        try (ObjectStore primary = stores.open(plan.primary())) {
            for (Region region : plan.regions()) {
                if (region.isPrimary()) {
                    continue;
                }
                try (ObjectStore copy = stores.open(region)) {
                    WalReplicator.Result result = replicator.sync(primary, copy, target.name());
                    WalReplicator.Lag lag = result.lagAfter();
                    out.printf("%-16s %4d copied  %s%n", region.name(), result.copied(), lag.missing() == 0 ? "in sync"
                            : lag.missing() + " missing, lag " + Durations.format(Duration.ofMillis((long) (lag.lagSeconds() * 1000))));
                    for (String failure : result.failures()) {
                        out.println("    FAILED " + failure);
                    }
                    ok &= result.failures().isEmpty();
                } catch (RuntimeException e) {
                    out.printf("%-16s FAILED %s%n", region.name(), ErrorHandler.oneLine(e));
                    ok = false;
                }
            }
        }
        out.flush();
        return ok;
    }
}
