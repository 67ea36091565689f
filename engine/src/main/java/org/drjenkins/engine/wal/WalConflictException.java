package org.drjenkins.engine.wal;

/**
 * The archive already holds a file of this name with different content. Never overwritten: two servers archiving into
 * one component, or a restored copy archiving into its origin's archive, would otherwise destroy the history that
 * point-in-time restore depends on.
 */
public class WalConflictException extends WalException {

    public WalConflictException(String message) {
        super(message);
    }
}
