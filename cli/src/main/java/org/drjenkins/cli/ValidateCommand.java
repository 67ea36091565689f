package org.drjenkins.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.config.Region;
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
        DrConfig plan = config.load();
        PrintWriter out = spec.commandLine().getOut();
        out.println(config.file + ": valid");
        out.println("regions (failover order):");
        for (Region r : plan.regions()) {
            out.printf("  %-16s %-10s s3://%s%s%n", r.name(), r.role().label(), r.bucket(), r.endpoint() == null ? "" : " at " + r.endpoint());
        }
        out.printf("thresholds: failover after %s, health check every %s, keep backups %s%n",
                Durations.format(plan.thresholds().failoverThreshold()), Durations.format(plan.thresholds().healthCheckInterval()),
                Durations.format(plan.thresholds().backupRetention()));
        out.println("components:");
        for (Component c : plan.components().values()) {
            out.printf("  %-16s %-10s RTO %-6s RPO %-6s %s%s%n", c.name(), c.type().yamlName(), Durations.format(plan.targetsFor(c.name()).rto()),
                    Durations.format(plan.targetsFor(c.name()).rpo()), c.compression().yamlName(), c.encrypt() ? " + age" : "");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
