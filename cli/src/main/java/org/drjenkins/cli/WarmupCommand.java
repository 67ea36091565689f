package org.drjenkins.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import org.drjenkins.engine.codec.AgeKeys;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.storage.LocalS3Server;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.util.TempFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs {@code wal-push} and {@code wal-fetch} once against an in-memory local store, so that a JVM started with
 * {@code -XX:ArchiveClassesAtExit} records every class they load: the {@code ./dr} script makes its class-data archive
 * ({@code cli/target/dr.jsa}) this way, which roughly halves the start-up of each archive_command run.
 */
@Command(name = "warmup", hidden = true, mixinStandardHelpOptions = true,
        description = "Exercise wal-push and wal-fetch against an in-memory store (used to build the class-data sharing archive).")
final class WarmupCommand implements Callable<Integer> {

    private static final String SEGMENT = "000000010000000000000001";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("dr-warmup-");
        String keyId = System.getProperty("aws.accessKeyId");
        String secret = System.getProperty("aws.secretAccessKey");
        try (LocalS3Server store = LocalS3Server.start()) {
            try (ObjectStore bucket = StoreConnector.connect(new Region("us-east-1", Role.PRIMARY, "warmup", store.endpoint()),
                    store.credentials())) {
                bucket.createBucketIfMissing();
            }
            // The default credential chain, as archive_command uses it, finds these first.
            System.setProperty("aws.accessKeyId", store.accessKeyId());
            System.setProperty("aws.secretAccessKey", store.secretAccessKey());
            Path config = dir.resolve("dr.yaml");
            Files.writeString(config, "regions:\n  - { name: us-east-1, role: primary, bucket: warmup, endpoint: \"" + store.endpoint() + "\" }\n"
                    + "age:\n  recipients: [" + AgeKeys.generate().recipient() + "]\n"
                    + "components:\n"
                    + "  db: { type: postgres-cluster, url: 'postgresql://postgres@127.0.0.1:5432/postgres', encrypt: true }\n"
                    + "  plain: { type: postgres-cluster, url: 'postgresql://postgres@127.0.0.1:5432/postgres' }\n",
                    StandardCharsets.UTF_8);
            Path segment = Files.createDirectories(dir.resolve("pg_wal")).resolve(SEGMENT);
            writeSegmentLike(segment);
            for (String component : new String[] {"db", "db", "plain"}) {
                run("wal-push", "--config", config.toString(), "--component", component, segment.toString());
            }
            run("wal-fetch", "--config", config.toString(), "--component", "plain", SEGMENT, dir.resolve("RECOVERYXLOG").toString());
            run("wal-fetch", "--config", config.toString(), "--component", "plain", "00000002.history", dir.resolve("RECOVERYHISTORY").toString());
        } finally {
            restore("aws.accessKeyId", keyId);
            restore("aws.secretAccessKey", secret);
            TempFiles.deleteRecursively(dir);
        }
        return ExitCodes.OK;
    }

    private void run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = DrCommand.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        if (code != ExitCodes.OK && !(args[0].equals("wal-fetch") && args[5].endsWith(".history"))) {
            throw new IllegalStateException("warm-up " + args[0] + " exited " + code + ": " + err.toString().strip());
        }
    }

    /** 16 MiB that compresses like WAL: records of text and numbers, then zeros (a segment switched early). */
    private static void writeSegmentLike(Path segment) throws IOException {
        byte[] bytes = new byte[16 * 1024 * 1024];
        Random random = new Random(42);
        for (int i = 0; i < bytes.length / 2; i += 64) {
            byte[] record = ("order " + random.nextInt(1_000_000) + " customer-" + random.nextInt(5000) + " status=shipped ")
                    .getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(record, 0, bytes, i, Math.min(record.length, 64));
        }
        Files.write(segment, bytes);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
