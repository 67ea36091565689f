package org.drjenkins.engine.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.Test;

public class TarMemberCaptureTest {

    private static byte[] tar(Object... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = (byte[]) namesAndContents[i + 1];
                TarArchiveEntry entry = new TarArchiveEntry((String) namesAndContents[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    public void membersAreKeptWhileTheStreamPassesThroughUnchangedInAnyChunking() throws IOException {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        String label = "START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\nSTART TIMELINE: 1\n";
        String manifest = "{ \"Files\": [" + "{ \"Path\": \"base/1/1259\" },\n".repeat(5000)
                + "],\n\"WAL-Ranges\": [\n{ \"Timeline\": 1, \"Start-LSN\": \"0/2000028\", \"End-LSN\": \"0/2000100\" }\n] }";
        byte[] input = tar("backup_label", label.getBytes(StandardCharsets.UTF_8), "base/1/16384", data, "./pg_wal/archive_status/x",
                new byte[0], "backup_manifest", manifest.getBytes(StandardCharsets.UTF_8));

        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        TarMemberCapture capture = new TarMemberCapture(passed, 4096, "backup_label", "backup_manifest", "absent");
        Random chunks = new Random(11);
        for (int offset = 0; offset < input.length; ) {
            int n = Math.min(input.length - offset, 1 + chunks.nextInt(2000));
            capture.write(input, offset, n);
            offset += n;
        }

        assertThat(passed.toByteArray()).isEqualTo(input);
        assertThat(capture.member("backup_label")).contains(label);
        assertThat(capture.member("backup_manifest")).hasValueSatisfying(tail -> {
            assertThat(tail).endsWith("\"End-LSN\": \"0/2000100\" }\n] }");
            assertThat(tail.length()).isLessThanOrEqualTo(2 * 4096);
        });
        assertThat(capture.member("absent")).isEmpty();
    }

    @Test
    public void aNestedFileOfTheSameNameIsNotTakenForTheTopLevelMember() throws IOException {
        byte[] input = tar("base/1/backup_label", "nested".getBytes(StandardCharsets.UTF_8), "backup_label", "top".getBytes(StandardCharsets.UTF_8));

        TarMemberCapture capture = new TarMemberCapture(OutputStreamSink.INSTANCE, 1024, "backup_label");
        capture.write(input, 0, input.length);

        assertThat(capture.member("backup_label")).contains("top");
    }

    /** Discards what passes through. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
