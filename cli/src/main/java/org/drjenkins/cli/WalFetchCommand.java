package org.drjenkins.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.wal.ArchivedWal;
import org.drjenkins.engine.wal.WalComponents;
import org.drjenkins.engine.wal.WalFetcher;
import org.drjenkins.engine.wal.WalFileName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "wal-fetch", header = "PostgreSQL's restore_command: restore one archived WAL file, verified.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"PostgreSQL's restore_command: restore one archived WAL file. It is decrypted,",
                "decompressed and checked against the SHA-256 in its key before it appears at",
                "the destination.", "",
                "  restore_command = '/opt/dr/dr wal-fetch --config /etc/dr/dr.yaml",
                "                     --component db %%f %%p'", "",
                "Needs DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE for an encrypted archive.",
                "Exit codes: 0 restored, 1 not in the archive (PostgreSQL takes this for its",
                "end) or unreadable, 2 bad input or configuration."})
final class WalFetchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--component", required = true, paramLabel = "NAME", description = "The postgres-cluster component whose archive to read.")
    String component;

    @Option(names = "--region", paramLabel = "NAME", description = "Read this region's copy instead of the primary's (after losing the primary region).")
    String region;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file name PostgreSQL asks for: %%f in restore_command.")
    String fileName;

    @Parameters(index = "1", paramLabel = "PATH", description = "Where to write it: %%p in restore_command.")
    Path destination;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DrConfig plan = config.load();
        Component target = plan.component(component).orElseThrow(() -> new InvalidRequestException("--component " + component
                + ": no such component; configured: " + String.join(", ", plan.components().keySet())));
        WalComponents.requireCluster(target, "wal-fetch");
        WalFileName file = WalFileName.parse(fileName).orElseThrow(() -> new InvalidRequestException(fileName
                + " is not a WAL file name: pass %f (the name PostgreSQL asks restore_command for)"));
        Region from = region == null ? plan.primary() : plan.region(region).orElseThrow(() -> new InvalidRequestException("--region "
                + region + ": no such region; configured: " + String.join(", ", plan.regions().stream().map(Region::name).toList())));
        Secrets secrets = CliEnvironment.secrets();
        try (ObjectStore store = CliEnvironment.stores(secrets).open(from)) {
            Optional<ArchivedWal> fetched = new WalFetcher(store, target.name(), secrets.ageIdentity()).fetch(file, destination);
            if (fetched.isEmpty()) {
                spec.commandLine().getErr().println("dr wal-fetch: " + file + " is not in the archive of " + target.name() + " (s3://"
                        + store.bucket() + "/" + target.name() + "/wal/)");
                return ExitCodes.FAILED;
            }
        }
        return ExitCodes.OK;
    }
}
