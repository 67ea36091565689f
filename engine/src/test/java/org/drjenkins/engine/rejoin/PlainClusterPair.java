package org.drjenkins.engine.rejoin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.config.Role;
import org.drjenkins.engine.postgres.ClusterOwner;
import org.drjenkins.engine.postgres.LocalCluster;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgProcesses;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.util.TempFiles;

/**
 * Two ordinary PostgreSQL clusters, made the way an operator makes them and without anything of ours in them: cluster
 * {@code a} by plain {@code initdb} with its settings in its own postgresql.conf; cluster {@code b}, its streaming
 * standby, by {@code pg_basebackup -R} with its configuration moved out of the data directory (as Debian's
 * pg_createcluster keeps it in /etc/postgresql) and started with {@code -c config_file=...}. Unix sockets in a
 * directory of their own, logs outside the data directories. Owned by the postgres OS user when the tests run as root.
 */
public final class PlainClusterPair implements AutoCloseable {

    public static final String REGION_A = "us-east-1";
    public static final String REGION_B = "eu-west-1";

    private final PgTools tools;
    private final Path root;
    private final int portA;
    private final int portB;

    private PlainClusterPair(PgTools tools, Path root, int portA, int portB) {
        this.tools = tools;
        this.root = root;
        this.portA = portA;
        this.portB = portB;
    }

    /** @param checksums {@code initdb --data-checksums}: without it (nor wal_log_hints) pg_rewind refuses the pair */
    public static PlainClusterPair start(String purpose, boolean checksums) throws Exception {
        PgTools tools = PgTools.locate();
        Path root = Files.createTempDirectory("drjenkins-plain-" + purpose + "-");
        hand(root);
        PlainClusterPair pair = new PlainClusterPair(tools, root, LocalCluster.freePort(), LocalCluster.freePort());
        try {
            pair.create(checksums);
            return pair;
        } catch (Exception e) {
            pair.close();
            throw e;
        }
    }

    private void create(boolean checksums) throws Exception {
        Path sockets = root.resolve("sockets");
        Files.createDirectory(sockets);
        hand(sockets);
        Path a = dataDir(REGION_A);
        run(checksums ? List.of("initdb", "-D", a.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--locale=C.UTF-8", "--data-checksums") : List.of("initdb", "-D", a.toString(), "-U", "postgres", "-A",
                "trust", "-E", "UTF8", "--locale=C.UTF-8"));
        asOwner(() -> Files.writeString(a.resolve("postgresql.conf"), Files.readString(a.resolve("postgresql.conf"))
                + "\n# the operator's own settings\nport = " + portA + "\nlisten_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + sockets + "'\nwal_keep_size = '128MB'\n"
                + "application_name = 'plain-a'\n"), a.resolve("postgresql.conf"));
        run(List.of("pg_ctl", "-D", a.toString(), "-l", root.resolve("a.log").toString(), "-w", "start"));

        Path b = dataDir(REGION_B);
        run(List.of("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(portA), "-U", "postgres", "-D",
                b.toString(), "-R", "-X", "stream", "-c", "fast"));
        Path etc = root.resolve("etc-b");
        Files.createDirectory(etc);
        hand(etc);
        for (String file : List.of("postgresql.conf", "pg_hba.conf", "pg_ident.conf")) {
            Files.move(b.resolve(file), etc.resolve(file));
        }
        Path conf = etc.resolve("postgresql.conf");
        asOwner(() -> Files.writeString(conf, Files.readString(conf).replace("application_name = 'plain-a'",
                "application_name = 'plain-b'") + "\n# kept outside the data directory, as Debian does\n"
                + "data_directory = '" + b + "'\nhba_file = '" + etc.resolve("pg_hba.conf") + "'\n"
                + "ident_file = '" + etc.resolve("pg_ident.conf") + "'\nport = " + portB + "\n"), conf);
        run(List.of("pg_ctl", "-D", b.toString(), "-o", "-c config_file=" + conf, "-l",
                root.resolve("b.log").toString(), "-w", "start"));
    }

    public Path dataDir(String region) {
        return root.resolve(region.equals(REGION_A) ? "a" : "b");
    }

    Path externalConfigFile() {
        return root.resolve("etc-b").resolve("postgresql.conf");
    }

    int port(String region) {
        return region.equals(REGION_A) ? portA : portB;
    }

    public PgUrl url(String region, String database) {
        return PgUrl.of("postgres", "127.0.0.1", port(region), database);
    }

    /** A region whose server runs here: the rejoin stops, rewinds or rebuilds it itself. */
    Region region(String name) {
        return new Region(name, Role.SECONDARY, "plain-" + name, null, url(name, "postgres").toString(),
                dataDir(name), List.of(), null, null, null);
    }

    /** The same region with its bucket on {@code endpoint}: for the rejoin's lease and record. */
    Region region(String name, java.net.URI endpoint, String bucket) {
        return new Region(name, Role.SECONDARY, bucket, endpoint, url(name, "postgres").toString(), dataDir(name),
                List.of(), null, null, null);
    }

    /** Starts a stopped server again, with the options it was started with (b's configuration outside). */
    void start(String region) throws Exception {
        org.drjenkins.engine.postgres.ClusterDirectory.at(dataDir(region)).start();
    }

    /** Stops a server cleanly. */
    void stop(String region) throws Exception {
        run(List.of("pg_ctl", "-D", dataDir(region).toString(), "-m", "fast", "-w", "stop"));
    }

    public String other(String region) {
        return region.equals(REGION_A) ? REGION_B : REGION_A;
    }

    /** The region that is not in recovery (of two, the promoted one: the newer timeline). */
    public String primaryRegion() throws SQLException {
        boolean a = !inRecovery(REGION_A);
        boolean b = !inRecovery(REGION_B);
        if (a && b) {
            return timeline(REGION_A) > timeline(REGION_B) ? REGION_A : REGION_B;
        }
        return a ? REGION_A : REGION_B;
    }

    public boolean inRecovery(String region) throws SQLException {
        return "t".equals(sql(region, "select pg_is_in_recovery()"));
    }

    long timeline(String region) throws SQLException {
        return Long.parseLong(sql(region, "select substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), 16);
    }

    /** One value, asked through template1 (a fence leaves it open). */
    public String sql(String region, String sql) throws SQLException {
        try (Connection c = PgConnections.open(url(region, "template1"), Optional.empty());
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public void execute(String region, String sql) throws SQLException {
        try (Connection c = PgConnections.open(url(region, "postgres"), Optional.empty());
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Stops a server like a crash. */
    void crash(String region) throws Exception {
        run(List.of("pg_ctl", "-D", dataDir(region).toString(), "-m", "immediate", "-w", "stop"));
    }

    void promote(String region) throws SQLException {
        if (!"t".equals(sql(region, "select pg_promote(true, 60)"))) {
            throw new IllegalStateException(region + " did not promote within 60 s");
        }
    }

    private void run(List<String> command) throws Exception {
        PgProcesses.run(tools.serverCommand(command.get(0), command.subList(1, command.size()).toArray(String[]::new)),
                String.join(" ", command), 120);
    }

    private interface Write {
        void run() throws Exception;
    }

    private static void asOwner(Write write, Path file) throws Exception {
        write.run();
        hand(file);
    }

    private static void hand(Path path) throws Exception {
        ClusterOwner.hand(path, PgTools.SERVER_OS_USER);
        if (!Files.isDirectory(path)) {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Override
    public void close() throws Exception {
        for (String region : List.of(REGION_A, REGION_B)) {
            if (Files.exists(dataDir(region).resolve("postmaster.pid"))) {
                try {
                    run(List.of("pg_ctl", "-D", dataDir(region).toString(), "-m", "immediate", "-w", "stop"));
                } catch (Exception e) {
                    // best effort; the directory goes below
                }
            }
        }
        TempFiles.deleteRecursively(root);
    }
}
