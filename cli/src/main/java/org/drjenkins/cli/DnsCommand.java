package org.drjenkins.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.DnsMode;
import org.drjenkins.engine.config.DnsProvider;
import org.drjenkins.engine.config.DnsSettings;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.dns.DnsException;
import org.drjenkins.engine.failover.dns.DnsRecord;
import org.drjenkins.engine.failover.dns.DnsSwitcher;
import org.drjenkins.engine.failover.dns.DnsSwitchers;
import org.drjenkins.engine.failover.dns.FailoverRecordsSetup;
import org.drjenkins.engine.failover.dns.Route53FailoverRecords;
import org.drjenkins.engine.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "dns", header = "The failover's DNS: set up the Route 53 failover record pair, show what DNS answers.",
        mixinStandardHelpOptions = true,
        description = {"setup-failover-records prepares dns.mode failover-records in calm times; status shows, per region, what",
                "the failover record answers now and whether a failover's DNS switch would be accepted."},
        subcommands = {DnsCommand.SetupFailoverRecords.class, DnsCommand.Status.class})
final class DnsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: setup-failover-records or status");
    }

    @Command(name = "setup-failover-records", header = "Create or update the Route 53 failover record pair and its health check.",
            sortOptions = false, mixinStandardHelpOptions = true,
            description = {"For dns.mode failover-records (provider route53): makes the record a Route 53 failover pair, the PRIMARY",
                    "answering the primary region's dns.value and tied to a health check dr controls (CALCULATED, threshold 0,",
                    "created when there is none), the SECONDARY holding the standby region's value. A failover then only",
                    "inverts the health check. Idempotent: a second run changes nothing. A plain record of the name is",
                    "replaced in the same atomic change batch. It never moves traffic: when the name answers another value",
                    "than the primary's now, it refuses. A pair that was failed over keeps its orientation.", "",
                    "AWS credentials from the SDK chain; dns.endpoint reaches a VPC or FIPS endpoint.",
                    "Exit codes: 0 set up (or nothing to change, or the dry run), 1 Route 53 refused or did not answer,",
                    "2 bad input (a region unknown, its dns not route53 with mode failover-records, the regions' dns disagree)."})
    static final class SetupFailoverRecords implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Option(names = "--primary", paramLabel = "REGION",
                description = "The region that is primary now, whose value the name answers. Default: the region with role primary.")
        String primary;

        @Option(names = "--secondary", paramLabel = "REGION",
                description = "The region the pair fails over to. Default: the only other region with dns.mode failover-records.")
        String secondary;

        @Option(names = "--dry-run", description = "Read Route 53 and print the change batch it would send; change nothing.")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DrConfig plan = config.load();
            PrintWriter out = spec.commandLine().getOut();
            try (FailoverRecordsSetup setup = FailoverRecordsSetup.of(plan, Optional.ofNullable(primary),
                    Optional.ofNullable(secondary), CliEnvironment.secrets().aws())) {
                out.println(setup.describe());
                Route53FailoverRecords.SetUpPlan change = setup.plan();
                out.println(change.summary());
                if (!change.changes().isEmpty()) {
                    DnsSettings settings = setup.primary().dns().settings();
                    out.println("change batch (aws route53 change-resource-record-sets --hosted-zone-id "
                            + settings.bareHostedZoneId() + " --change-batch):");
                    out.println(Json.toText(Route53FailoverRecords.changeBatch(change)));
                }
                if (dryRun) {
                    out.println("dry run: nothing changed");
                } else if (change.changesNothing()) {
                    out.println("DONE: nothing to change");
                } else {
                    String healthCheck = setup.apply(change);
                    out.println("DONE: the pair is set up with health check " + healthCheck + "; dr failover --to "
                            + setup.secondary().name() + " will invert it");
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "status", header = "Per region: its DNS mode, what the record answers now, and the probe a dry run makes.",
            sortOptions = false, mixinStandardHelpOptions = true,
            description = {"Reads each region's DNS record the way a failover's post-checks do (for failover-records: the record of",
                    "the pair its health check selects) and runs the dry run's DNS probe. Changes nothing.",
                    "Secrets: DR_DNS_TSIG_SECRET (rfc2136), AWS credentials from the SDK chain (route53).",
                    "Exit codes: 0 every probe passed, 1 a probe failed, 2 bad input."})
    static final class Status implements Callable<Integer> {

        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DrConfig plan = config.load();
            PrintWriter out = spec.commandLine().getOut();
            Optional<String> tsig = Optional.ofNullable(System.getenv(DnsSettings.TSIG_SECRET_ENV)).filter(s -> !s.isBlank());
            int exit = ExitCodes.OK;
            for (Region region : plan.regions()) {
                if (region.dns() == null || region.dns().settings().provider() == DnsProvider.NONE) {
                    out.println(region.name() + ": no DNS switch");
                    continue;
                }
                DnsSettings settings = region.dns().settings();
                String mode = settings.mode() == DnsMode.FAILOVER_RECORDS ? "failover-records" : "upsert";
                try (DnsSwitcher switcher = DnsSwitchers.create(settings, tsig, CliEnvironment.secrets().aws())) {
                    DnsRecord current = switcher.current();
                    boolean answering = current.values().contains(region.dns().value());
                    out.println(region.name() + ": dns.mode " + mode + ", " + current + (answering ? " (this region's value)"
                            : " (this region's is " + region.dns().value() + ")"));
                    out.println("  probe OK: " + switcher.probeFor(region.dns().value()));
                } catch (DnsException | IllegalArgumentException e) {
                    out.println(region.name() + ": dns.mode " + mode + ", FAIL: " + e.getMessage());
                    exit = ExitCodes.FAILED;
                }
            }
            out.flush();
            return exit;
        }
    }
}
