package org.drjenkins.engine.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** A gzip stream at a chosen level: {@link GZIPOutputStream} only exposes its deflater to subclasses. */
final class LevelGzipOutputStream extends GZIPOutputStream {

    LevelGzipOutputStream(OutputStream out, int level, int bufferSize) throws IOException {
        super(out, bufferSize);
        def.setLevel(level);
    }
}
