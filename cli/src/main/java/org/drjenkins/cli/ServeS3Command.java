package org.drjenkins.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.drjenkins.engine.storage.LocalS3Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve-s3", header = "Serve a local S3-compatible store, to try dr without AWS.", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Serve a local S3-compatible store (S3Proxy over a directory), to try dr without AWS.",
                "Prints the endpoint and the credentials it accepts, then serves until stopped (Ctrl-C).",
                "Point a region at it with endpoint: http://127.0.0.1:PORT in dr.yaml."})
final class ServeS3Command implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9000", description = "TCP port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory holding the buckets (created if missing).")
    Path dir;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0 exposes it to the network.")
    String host;

    @Option(names = "--bucket", paramLabel = "NAME", description = "Create this bucket at start (repeatable).")
    java.util.List<String> buckets = new java.util.ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Files.createDirectories(dir);
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalS3Server server = LocalS3Server.start(dir, host, port)) {
            for (String bucket : buckets) {
                try (var store = org.drjenkins.engine.storage.StoreConnector.connect(
                        new org.drjenkins.engine.config.Region("us-east-1", org.drjenkins.engine.config.Role.PRIMARY, bucket, server.endpoint()),
                        server.credentials())) {
                    store.createBucketIfMissing();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("S3-compatible store serving " + dir.toAbsolutePath() + " at " + server.endpoint());
            out.println("AWS_ACCESS_KEY_ID=" + server.accessKeyId() + " AWS_SECRET_ACCESS_KEY=" + server.secretAccessKey());
            out.println("endpoint: " + server.endpoint() + "   (Ctrl-C to stop)");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return ExitCodes.OK;
    }
}
