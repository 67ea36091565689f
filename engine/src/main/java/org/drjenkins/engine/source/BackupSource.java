package org.drjenkins.engine.source;

import java.io.IOException;
import java.io.OutputStream;
import org.drjenkins.engine.progress.Progress;

/**
 * Produces a component's raw content as one stream. A source never writes a temporary copy of the whole content.
 * CONTRACT (filled in by the sources work): {@link #writeTo} throws {@link SourceException} with one line naming the
 * cause (e.g. "pg_dump exited 1: FATAL: database "x" does not exist") when the content is incomplete for any reason.
 */
public interface BackupSource {

    /** The artifact's base name in the bucket, before the compression/encryption suffixes, e.g. {@code database.dump}. */
    String artifactName();

    /** Writes the raw content to {@code out} (not closing it) and describes what was captured. */
    SourceResult writeTo(OutputStream out, Progress progress) throws IOException, InterruptedException;
}
