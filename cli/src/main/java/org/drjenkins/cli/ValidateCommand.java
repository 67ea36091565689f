package org.drjenkins.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.SourcedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", header = "Check a configuration and print it with every default filled in.", mixinStandardHelpOptions = true,
        description = {"Check a configuration and print it with every default filled in. Every problem is reported at once,",
                "each with its field and the fix; exit code 2 when there is any."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SourcedConfig sourced = config.loadSourced();
        DrConfig plan = sourced.config();
        PrintWriter out = spec.commandLine().getOut();
        out.println(config.file + ": valid");
        out.println("regions (failover order), from " + sourced.origin("regions") + ":");
        for (Region r : plan.regions()) {
            out.printf("  %-16s %-10s s3://%s%s   (role from %s)%n", r.name(), r.role().label(), r.bucket(),
                    r.endpoint() == null ? "" : " at " + r.endpoint(), sourced.roleOrigin(r.name()));
        }
        out.println("thresholds:");
        out.printf("  failoverThreshold   %-6s (from %s)%n", Durations.format(plan.thresholds().failoverThreshold()),
                sourced.origin("thresholds.failoverThreshold"));
        out.printf("  healthCheckInterval %-6s (from %s)%n", Durations.format(plan.thresholds().healthCheckInterval()),
                sourced.origin("thresholds.healthCheckInterval"));
        out.printf("  backupRetention     %-6s (from %s)%n", Durations.format(plan.thresholds().backupRetention()),
                sourced.origin("thresholds.backupRetention"));
        out.println("components:");
        for (Component c : plan.components().values()) {
            out.printf("  %-16s %-10s RTO %-6s RPO %-6s %s%s%n", c.name(), c.type().yamlName(), Durations.format(plan.targetsFor(c.name()).rto()),
                    Durations.format(plan.targetsFor(c.name()).rpo()),
                    // Static assets are copied byte for byte: no compression applies to them.
                    c.s3Prefix() != null ? "copies s3://" + c.s3Prefix().bucket() + "/" + c.s3Prefix().prefix() : c.compression().yamlName(),
                    c.encrypt() ? " + age" : "");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
