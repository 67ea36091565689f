package org.drjenkins.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dr} command: the engine outside Jenkins. */
@Command(name = "dr", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Disaster recovery that runs, measures itself and proves it: backups to S3 with checksums and age",
                "encryption, verified restores, failover and drills that measure RTO and RPO.", "",
                "Exit codes: 0 success, 1 the operation failed, 2 bad input or configuration."},
        subcommands = {BackupCommand.class, BackupsCommand.class, VerifyRestoreCommand.class, RestoreCommand.class, ComplianceCommand.class,
                FailoverCommand.class, DnsCommand.class, RejoinCommand.class, WatchCommand.class, DrillCommand.class, IncidentCommand.class, OncallCommand.class,
                WalPushCommand.class, WalFetchCommand.class, WalReplicateCommand.class,
                ValidateCommand.class, PruneCommand.class, ServeS3Command.class, DemoCommand.class, JenkinsCommand.class,
                WarmupCommand.class, CommandLine.HelpCommand.class})
public final class DrCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return commandLineFor(args).execute(args);
    }

    /*
     * archive_command and restore_command start a JVM per WAL file. picocli's classes cannot go into the class-data
     * archive (they are Java 5 class files) and it reflects over every subcommand when it builds the whole tree, so
     * these two are built alone: a tenth of their start-up.
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> HOT_COMMANDS = java.util.Map.of(
            "wal-push", WalPushCommand::new, "wal-fetch", WalFetchCommand::new);

    private static CommandLine commandLineFor(String... args) {
        if (args.length == 0 || !HOT_COMMANDS.containsKey(args[0])) {
            return newCommandLine();
        }
        // A bare "dr" parent, so usage and messages still read "dr wal-push".
        CommandLine cli = new CommandLine(CommandLine.Model.CommandSpec.create().name("dr"));
        cli.addSubcommand(args[0], HOT_COMMANDS.get(args[0]).get());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setUsageHelpWidth(130);
        return cli;
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new DrCommand());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Descriptions are written as lines of up to 118 characters; 80 would re-wrap them mid-sentence.
        cli.setUsageHelpWidth(130);
        return cli;
    }
}
