package org.drjenkins.engine.source;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgOutputTail;
import org.drjenkins.engine.postgres.PgProcesses;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.postgres.PostgresException;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.wal.BaseBackupPoint;
import org.drjenkins.engine.wal.Lsn;

/**
 * A physical base backup of a whole PostgreSQL cluster for point-in-time restore: {@code pg_basebackup -D - -Ft -X none}
 * streams the data directory as one tar straight into the caller's stream, nothing is written locally.
 * <p>
 * The backup holds no WAL ({@code -X none}): its WAL comes from the archive that {@code dr wal-push} fills. The server
 * finishes the backup only once the last segment it needs is archived, so a completed backup is always restorable
 * from the archive. {@code backup_label} and {@code backup_manifest}, read from the stream on the way, give the WAL
 * range the backup needs, recorded in the manifest ({@link BaseBackupPoint}). A server without WAL archiving is
 * refused before anything is copied: its base backup could never be restored.
 * <p>
 * To stdout pg_basebackup can write one tablespace only; a cluster with extra tablespaces fails with its message.
 */
public final class PostgresBaseBackupSource implements BackupSource {

    public static final String APPLICATION_NAME = "drjenkins-basebackup";
    static final String LABEL = "backup_label";
    static final String MANIFEST = "backup_manifest";

    private static final Pattern START = Pattern.compile("(?m)^START WAL LOCATION: ([0-9A-Fa-f]+/[0-9A-Fa-f]+)");
    private static final Pattern START_TIMELINE = Pattern.compile("(?m)^START TIMELINE: (\\d+)");
    private static final Pattern WAL_RANGE = Pattern.compile(
            "\"Timeline\":\\s*(\\d+),\\s*\"Start-LSN\":\\s*\"([0-9A-Fa-f]+/[0-9A-Fa-f]+)\",\\s*\"End-LSN\":\\s*\"([0-9A-Fa-f]+/[0-9A-Fa-f]+)\"");
    /** The manifest lists every file before its WAL ranges: only its end is kept. */
    private static final int KEEP_BYTES = 64 * 1024;

    private final String componentName;
    private final PgUrl url;
    private final Optional<String> password;
    private final PgTools tools;

    public PostgresBaseBackupSource(String componentName, PgUrl url, Optional<String> password) {
        this(componentName, url, password, null);
    }

    /** @param tools where pg_basebackup is, or null to locate it when the backup runs */
    public PostgresBaseBackupSource(String componentName, PgUrl url, Optional<String> password, PgTools tools) {
        this.componentName = Objects.requireNonNull(componentName, "componentName");
        this.url = Objects.requireNonNull(url, "url");
        this.password = Objects.requireNonNull(password, "password");
        this.tools = tools;
    }

    @Override
    public String artifactName() {
        return componentName + ".base.tar";
    }

    @Override
    public SourceResult writeTo(OutputStream out, Progress progress) throws IOException, InterruptedException {
        PgTools pgTools = SourceTools.orLocate(tools);
        ServerFacts facts = serverFacts();
        progress.info("Base backup of " + url + " (PostgreSQL " + facts.version() + ", " + facts.sizeBytes() + " bytes, WAL archived by "
                + facts.archiveCommand() + ")");
        TarMemberCapture tar = new TarMemberCapture(out, KEEP_BYTES, LABEL, MANIFEST);
        long bytes = run(pgTools, tar, progress, facts.sizeBytes());
        Instant finished = Instant.now();
        String label = tar.member(LABEL).orElseThrow(() -> new SourceException(
                "pg_basebackup wrote no backup_label: the stream is not a base backup of " + url));
        String manifest = tar.member(MANIFEST).orElseThrow(() -> new SourceException(
                "pg_basebackup wrote no backup_manifest (needed for the backup's WAL range): is the server older than PostgreSQL 13?"));
        Lsn start = Lsn.parse(group(START, label, "START WAL LOCATION in backup_label"));
        long timeline = Long.parseLong(group(START_TIMELINE, label, "START TIMELINE in backup_label"));
        Lsn stop = null;
        for (Matcher m = WAL_RANGE.matcher(manifest); m.find(); ) {
            stop = Lsn.parse(m.group(3));
        }
        if (stop == null) {
            throw new SourceException("backup_manifest of " + url + " names no WAL range (End-LSN): the backup cannot be restored");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("serverVersion", facts.version());
        metadata.put("database", url.database());
        metadata.put("clusterSizeBytes", facts.sizeBytes());
        metadata.put("tarBytes", bytes);
        metadata.putAll(BaseBackupPoint.metadata(timeline, start, stop, facts.segmentSize()));
        progress.info("Base backup needs WAL " + metadata.get(BaseBackupPoint.START_SEGMENT) + " to "
                + metadata.get(BaseBackupPoint.STOP_SEGMENT) + " (" + start + " to " + stop + ", timeline " + timeline + ")");
        return new SourceResult(finished, Collections.unmodifiableMap(metadata));
    }

    private record ServerFacts(String version, long segmentSize, long sizeBytes, String archiveCommand) {
    }

    private ServerFacts serverFacts() throws SourceException {
        try (Connection c = PgConnections.open(url, password, APPLICATION_NAME); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version'),"
                        + " (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'),"
                        + " (SELECT sum(pg_database_size(oid))::bigint FROM pg_database),"
                        + " current_setting('archive_mode'), current_setting('archive_command'), pg_is_in_recovery()")) {
            rs.next();
            String archiveMode = rs.getString(4);
            boolean standby = rs.getBoolean(6);
            if ("off".equals(archiveMode) || (standby && !"always".equals(archiveMode))) {
                throw new SourceException(url + " does not archive WAL (archive_mode = " + archiveMode + (standby ? " on a standby" : "")
                        + "): a base backup without archived WAL cannot be restored; set archive_mode = " + (standby ? "always" : "on")
                        + " and archive_command = 'dr wal-push --config … --component " + componentName + " %p' (see docs/pitr.md)");
            }
            return new ServerFacts(rs.getString(1), rs.getLong(2), rs.getLong(3), describe(rs.getString(5)));
        } catch (SQLException e) {
            throw new SourceException("Cannot connect to " + url + ": " + oneLine(e), e);
        }
    }

    private static String describe(String archiveCommand) {
        return archiveCommand == null || archiveCommand.isBlank() ? "(no archive_command: the backup will wait for it)"
                : archiveCommand.contains("wal-push") ? "dr wal-push" : "'" + archiveCommand + "'";
    }

    private long run(PgTools pgTools, OutputStream out, Progress progress, long expectedBytes) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-d", url.libpqUrl(), "-D", "-", "-F", "tar", "-X", "none",
                "--checkpoint=fast", "--no-password", "--label=dr base backup of " + componentName));
        ProcessBuilder pb;
        try {
            pb = pgTools.command("pg_basebackup", args.toArray(String[]::new));
        } catch (PostgresException e) {
            throw new SourceException(e.getMessage(), e);
        }
        // The password goes through the environment: a command line is visible to every user in ps.
        PgConnections.effectivePassword(url, password).ifPresent(p -> pb.environment().put("PGPASSWORD", p));
        pb.environment().put("PGAPPNAME", APPLICATION_NAME);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new SourceException("Cannot start pg_basebackup: " + e.getMessage(), e);
        }
        PgOutputTail stderr = PgOutputTail.start(process.getErrorStream(), "pg_basebackup-stderr " + process.pid());
        ProcessOutputPump pump = new ProcessOutputPump(process.getInputStream(), "pg_basebackup-stdout " + process.pid());
        boolean finished = false;
        long bytes;
        try {
            bytes = pump.copyTo(new ProgressOutputStream(out, progress, expectedBytes));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new SourceException("pg_basebackup closed its output but did not exit within 60 s");
            }
            finished = true;
        } catch (IOException e) {
            if (e instanceof SourceException) {
                throw e;
            }
            throw new SourceException("Reading pg_basebackup's output failed: " + e.getMessage(), e);
        } finally {
            if (!finished) {
                // Our side failed (the upload, an interrupt): pg_basebackup must not outlive the attempt. The server
                // ends its walsender when the connection drops, which aborts the backup there too.
                PgProcesses.kill(process);
                pump.abandon();
            }
        }
        stderr.awaitEnd(5, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            throw new SourceException("pg_basebackup exited " + process.exitValue() + ": " + stderr.errorSummary());
        }
        return bytes;
    }

    private static String group(Pattern pattern, String text, String what) throws SourceException {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new SourceException("pg_basebackup's backup has no " + what + ": the backup cannot be restored");
        }
        return m.group(1);
    }

    private static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    /** Reports bytes to the progress at most once a second. */
}
