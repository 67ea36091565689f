package org.drjenkins.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dr} command: the engine outside Jenkins. */
@Command(name = "dr", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Disaster recovery that runs, measures itself and proves it: backups to S3 with checksums and age",
                "encryption, verified restores, failover and drills that measure RTO and RPO.", "",
                "Exit codes: 0 success, 1 the operation failed, 2 bad input or configuration."},
        subcommands = {BackupCommand.class, BackupsCommand.class, VerifyRestoreCommand.class, ComplianceCommand.class, ValidateCommand.class, PruneCommand.class, ServeS3Command.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
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
        return newCommandLine().execute(args);
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
