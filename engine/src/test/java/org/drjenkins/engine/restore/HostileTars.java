package org.drjenkins.engine.restore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar archives entry by entry, including ones no honest backup contains. */
final class HostileTars {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());

    HostileTars() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    HostileTars dir(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
        entry.setMode(040000 | mode);
        return put(entry, null);
    }

    HostileTars file(String name, int mode, String content) {
        // preserveAbsolutePath: commons-compress would otherwise strip a leading '/', hiding the attack.
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setMode(0100000 | mode);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        entry.setSize(data.length);
        return put(entry, data);
    }

    HostileTars symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setMode(0120777);
        entry.setLinkName(target);
        return put(entry, null);
    }

    HostileTars special(String name, byte linkFlag, String linkName) {
        TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag, true);
        entry.setMode(0644);
        if (linkName != null) {
            entry.setLinkName(linkName);
        }
        return put(entry, null);
    }

    byte[] bytes() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private HostileTars put(TarArchiveEntry entry, byte[] data) {
        try {
            tar.putArchiveEntry(entry);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
