package org.drjenkins.engine.backup;

/** A backup failed: nothing became "latest". The message is one line naming the cause. */
public class BackupException extends RuntimeException {

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }

    public BackupException(String message) {
        super(message);
    }
}
