package org.drjenkins.engine.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server's log file, read for why a start failed: note its size before the start, read what came after, and pick
 * the lines that say why (FATAL, ERROR, PANIC, "could not"). Reads at most the last 64 KiB, so a huge log costs nothing.
 */
final class ServerLog {

    private static final int MAX_TAIL = 64 * 1024;

    private final Path file;

    ServerLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Its size now (0 when it does not exist yet): where {@link #since} starts reading. */
    long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The non-blank lines written after {@code offset}, stripped; empty when it cannot be read. */
    List<String> since(long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(offset, raf.length() - MAX_TAIL);
            byte[] bytes = new byte[(int) Math.max(0, raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> lines = new ArrayList<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
            return lines;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The log lines that say why the server stopped, without their timestamp prefix, on one line (the last three). */
    static String explain(List<String> logLines) {
        List<String> reasons = new ArrayList<>();
        for (String line : logLines) {
            String text = line.replaceFirst("^\\d{4}-\\d\\d-\\d\\d [0-9:.]+ \\S+ \\[\\d+\\] ", "")
                    .replaceAll("\\s{2,}", " ");
            if (text.contains("FATAL:") || text.contains("ERROR:") || text.contains("PANIC:")
                    || text.contains("could not")) {
                reasons.add(text);
            }
        }
        List<String> chosen = reasons.isEmpty() ? logLines : reasons;
        return String.join(" | ", chosen.subList(Math.max(0, chosen.size() - 3), chosen.size()));
    }
}
