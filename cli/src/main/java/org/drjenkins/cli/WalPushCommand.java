package org.drjenkins.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreProvider;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.wal.WalPusher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "wal-push", header = "PostgreSQL's archive_command: store one WAL file, compressed, encrypted, checksummed.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"PostgreSQL's archive_command: store one WAL file (segment, history or backup",
                "file) in the primary region's bucket, compressed, age-encrypted when the",
                "component is, with its SHA-256 in the key. Exits 0 only once the store has",
                "acknowledged the object; on any failure PostgreSQL keeps the file and tries",
                "again. A file already archived with the same content succeeds; different",
                "content under the same name fails and is never overwritten.", "",
                "  archive_mode = on",
                "  archive_command = '/opt/dr/dr wal-push --config /etc/dr/dr.yaml",
                "                     --component db %%p'", "",
                "Runs as the server's OS user with its environment: AWS credentials (that",
                "user's ~/.aws, an instance role or AWS_* variables), DR_AGE_RECIPIENTS.",
                "Silent on success, so PostgreSQL's log stays clean, unless --verbose.",
                "Exit codes: 0 archived, 1 not archived (store down, conflicting content),",
                "2 bad input or configuration."})
final class WalPushCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--component", required = true, paramLabel = "NAME", description = "The postgres-cluster component whose archive this is.")
    String component;

    @Option(names = {"-v", "--verbose"}, description = "Print what was stored on stderr.")
    boolean verbose;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file to archive: %%p in archive_command.")
    Path walFile;

    @Spec
    CommandSpec spec;

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "dr-connect");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Integer call() throws Exception {
        DrConfig plan = config.load();
        Component target = plan.component(component).orElseThrow(() -> new InvalidRequestException("--component " + component
                + ": no such component; configured: " + String.join(", ", plan.components().keySet())));
        Secrets secrets = CliEnvironment.secrets();
        StoreProvider stores = CliEnvironment.stores(secrets);
        // Connecting (building the S3 client) runs while the file is read and encoded: start-up is the cost here.
        CompletableFuture<ObjectStore> primary = CompletableFuture.supplyAsync(() -> stores.open(plan.primary()), WalPushCommand::daemon);
        try {
            WalPusher.PushResult result = WalPusher.forComponent(target, plan.withExtraRecipients(secrets.ageRecipients()).ageRecipients(),
                    primary).push(walFile);
            if (verbose) {
                spec.commandLine().getErr().println("dr wal-push: " + result.file() + (result.alreadyArchived() ? " was already archived as "
                        : " archived as ") + "s3://" + primary.join().bucket() + "/" + result.key() + " (" + result.storedBytes() + " bytes)");
            }
        } finally {
            primary.thenAccept(ObjectStore::close);
        }
        return ExitCodes.OK;
    }
}
