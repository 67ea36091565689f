package org.drjenkins.engine.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * The OS user a cluster belongs to. PostgreSQL runs only as the owner of its data directory and refuses root, so when
 * this JVM is root every server program and every file we write into a data directory goes to that user.
 */
public final class ClusterOwner {

    private ClusterOwner() {
    }

    /** Who owns {@code dataDir}: the user its server programs must run as. */
    public static String of(Path dataDir) throws PostgresException {
        try {
            return Files.getOwner(dataDir, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException e) {
            throw new PostgresException("Cannot read the owner of " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * When root, hands {@code path} to {@code user} (and its group of the same name when there is one); a directory
     * also gets mode 0700, which the server insists on for a data directory. Without root there is nobody to hand to.
     */
    public static void hand(Path path, String user) throws PostgresException {
        try {
            if (Files.isDirectory(path)) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            }
            if (!PgTools.runningAsRoot()) {
                return;
            }
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner = lookup.lookupPrincipalByName(user);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setOwner(owner);
            try {
                GroupPrincipal group = lookup.lookupPrincipalByGroupName(user);
                view.setGroup(group);
            } catch (IOException e) {
                // A user without a group of its name keeps the file's group.
            }
        } catch (IOException e) {
            throw new PostgresException("Cannot hand " + path + " to the OS user " + user + ": " + e.getMessage(), e);
        }
    }
}
