package org.drjenkins.engine.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.drjenkins.engine.storage.MultipartUploadStream;
import org.drjenkins.engine.storage.StoreException;
import org.drjenkins.engine.storage.StoredObject;
import org.drjenkins.engine.storage.UploadStream;

/**
 * An upload that starts when its first byte arrives, on a store that {@link StoreOpening} may still be opening. Until
 * then it holds nothing: the source behind it blocks, as it does whenever the upload is slower than the source.
 */
final class DeferredUpload extends UploadStream {

    private final StoreOpening opening;
    private final String key;
    private UploadStream target;

    DeferredUpload(StoreOpening opening, String key) {
        this.opening = opening;
        this.key = key;
    }

    private UploadStream target() throws InterruptedIOException {
        if (target == null) {
            try {
                target = opening.get().openUpload(key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the store was being opened");
            }
        }
        return target;
    }

    @Override
    public void write(int b) throws IOException {
        target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (target != null) {
            target.flush();
        }
    }

    @Override
    public StoredObject complete() {
        try {
            return target().complete(); // An empty artifact is still an object.
        } catch (InterruptedIOException e) {
            throw new StoreException("interrupted while the store was being opened", e);
        }
    }

    @Override
    public void abort() {
        if (target != null) {
            target.abort();
        }
    }

    /** Whether anything was started on the store that an abort must remove (a multipart upload with an id). */
    boolean startedOnStore() {
        if (target instanceof MultipartUploadStream multipart) {
            return multipart.uploadId() != null;
        }
        return target != null;
    }

    @Override
    public long bytesWritten() {
        return target == null ? 0 : target.bytesWritten();
    }

    @Override
    public void close() throws IOException {
        if (target != null) {
            target.close();
        }
    }
}
