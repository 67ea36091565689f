package org.drjenkins.engine.storage;

import java.io.OutputStream;

/**
 * The write side of a multipart upload. {@link #complete()} makes the object visible; {@link #abort()} (also called by
 * {@link #close()} when the upload was not completed) removes every part, so a failed backup leaves nothing behind.
 */
public abstract class UploadStream extends OutputStream {

    /** Uploads the last part and completes the upload; the object exists only after this returns. */
    public abstract StoredObject complete();

    /** Aborts the upload when the store still answers; never throws. */
    public abstract void abort();

    /** Bytes written so far. */
    public abstract long bytesWritten();
}
