package org.drjenkins.engine.wal;

/** Archiving or fetching a WAL file failed. The message is one line naming the file, where, and the fix. */
public class WalException extends RuntimeException {

    public WalException(String message) {
        super(message);
    }

    public WalException(String message, Throwable cause) {
        super(message, cause);
    }
}
