package org.drjenkins.engine.restore;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Optional;
import org.drjenkins.engine.postgres.MissingToolException;

/**
 * A verification that could not reach a conclusion because of where it ran, not because of the backup: the scratch disk
 * filled, a tool is missing, the requested recovery target lies past what the (complete) archive holds. Such a run is
 * kept as history but never recorded as a failed backup, so it cannot replace the evidence that the backup restores.
 */
public final class EnvironmentFailure extends IOException {

    /** strerror(ENOSPC) and strerror(EDQUOT), as the JDK, PostgreSQL and tar all print them. */
    private static final String[] DISK_FULL = {"No space left on device", "Disk quota exceeded"};

    public EnvironmentFailure(String message) {
        super(message);
    }

    public EnvironmentFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Why {@code failure} says nothing about the backup, when it does not: an {@link EnvironmentFailure} or a missing
     * tool anywhere in its causes, or a full disk named in any message of the chain (a pg_restore or server error
     * carries the operating system's words, not a Java type).
     */
    public static Optional<String> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EnvironmentFailure || t instanceof MissingToolException) {
                return Optional.of(t.getMessage());
            }
            String text = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() + " " + t.getMessage()
                    : String.valueOf(t.getMessage());
            for (String words : DISK_FULL) {
                if (text.contains(words)) {
                    return Optional.of("the scratch disk is full (" + words + ")");
                }
            }
        }
        return Optional.empty();
    }
}
