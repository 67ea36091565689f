package org.drjenkins.engine.failover.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 ({@code named -g}) authoritative for {@code dr.test.} on 127.0.0.1 and a free port, accepting
 * dynamic updates signed with a fresh {@code hmac-sha256} key {@code drkey}. Everything lives in a temp dir that
 * {@link #close()} deletes after stopping named. Public for the failover and drill tests, which switch its records.
 */
public final class BindServer implements AutoCloseable {

    public static final String ZONE = "dr.test.";
    public static final String KEY_NAME = "drkey";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern SECRET = Pattern.compile("secret \"([^\"]+)\"");

    private final Process process;
    private final Path workDir;
    private final int port;
    private final String secret;

    private BindServer(Process process, Path workDir, int port, String secret) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
        this.secret = secret;
    }

    /** Starts named with the zone's records (relative names, one per line, e.g. {@code db IN A 10.0.0.1}). */
    public static BindServer start(String... records) throws IOException, InterruptedException {
        Path workDir = Files.createTempDirectory("bind-");
        try {
            Path keyFile = workDir.resolve("drkey.conf");
            run(List.of("tsig-keygen", "-a", "hmac-sha256", KEY_NAME), keyFile);
            Matcher m = SECRET.matcher(Files.readString(keyFile));
            if (!m.find()) {
                throw new IOException("tsig-keygen printed no secret into " + keyFile);
            }
            String secret = m.group(1);
            Files.writeString(workDir.resolve("db.dr.test"), zoneFile(records));
            // A port another process grabs between our probe and named's bind just fails this attempt: try a few.
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freeUdpAndTcpPort();
                Path conf = workDir.resolve("named.conf");
                Files.writeString(conf, namedConf(workDir, keyFile, port));
                // Running as root, named stays root when -u is omitted, so the work dir it writes the journal to is ours.
                Process process = new ProcessBuilder("/usr/sbin/named", "-g", "-c", conf.toString())
                        .redirectErrorStream(true).redirectOutput(workDir.resolve("named.log").toFile()).start();
                BindServer server = new BindServer(process, workDir, port, secret);
                try {
                    server.awaitAnswering();
                    return server;
                } catch (IOException e) {
                    last = e;
                    server.stop();
                }
            }
            throw last;
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(workDir);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as {@code dns.server} takes it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public String secret() {
        return secret;
    }

    public Path workDir() {
        return workDir;
    }

    /** What {@code dig @127.0.0.1 -p PORT +short NAME TYPE} prints, line by line: an independent client's view. */
    public List<String> dig(String name, String type) throws IOException, InterruptedException {
        Process dig = new ProcessBuilder("dig", "@127.0.0.1", "-p", String.valueOf(port), "+short", "+norecurse", "+time=2", "+tries=1",
                name, type).redirectErrorStream(true).start();
        String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!dig.waitFor(10, TimeUnit.SECONDS) || dig.exitValue() != 0) {
            dig.destroyForcibly();
            throw new IOException("dig failed: " + out);
        }
        return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    public String log() throws IOException {
        Path log = workDir.resolve("named.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            deleteTree(workDir);
        }
    }

    private void stop() throws InterruptedException {
        process.destroy(); // SIGTERM: named shuts down cleanly in 1-2 s
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void awaitAnswering() throws IOException, InterruptedException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        resolver.setTimeout(Duration.ofMillis(300));
        Message query = Message.newQuery(Record.newRecord(Name.fromString(ZONE), Type.SOA, DClass.IN));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("named exited with " + process.exitValue() + " on port " + port + ":\n" + log());
            }
            try {
                if (resolver.send(query).getRcode() == Rcode.NOERROR) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("named did not answer on port " + port + " within " + START_TIMEOUT + ":\n" + log());
    }

    private static String zoneFile(String... records) {
        StringBuilder zone = new StringBuilder("""
                $TTL 60
                @ IN SOA ns.dr.test. hostmaster.dr.test. 1 3600 600 86400 60
                @ IN NS ns.dr.test.
                ns IN A 127.0.0.1
                """);
        for (String record : records) {
            zone.append(record).append('\n');
        }
        return zone.toString();
    }

    private static String namedConf(Path dir, Path keyFile, int port) {
        return """
                include "%2$s";
                options {
                    directory "%1$s";
                    pid-file "%1$s/named.pid";
                    session-keyfile "%1$s/session.key";
                    managed-keys-directory "%1$s";
                    listen-on port %3$d { 127.0.0.1; };
                    listen-on-v6 { none; };
                    recursion no;
                    dnssec-validation no;
                    notify no;
                };
                controls { };
                zone "dr.test." {
                    type primary;
                    file "%1$s/db.dr.test";
                    journal "%1$s/db.dr.test.jnl";
                    allow-update { key drkey; };
                };
                """.formatted(dir, keyFile, port);
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    return port;
                } catch (IOException udpTaken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both TCP and UDP on 127.0.0.1");
    }

    private static void run(List<String> command, Path output) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(output));
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
