package org.drjenkins.engine.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@value PgTools#SERVER_OS_USER} OS user that runs the clusters {@link LocalCluster} makes when this JVM is root
 * (PostgreSQL refuses root): the directories and files we write for a server are handed to it, and a directory it
 * could not reach is refused with the fix before initdb fails on it. Without root there is nobody to hand to, and each
 * method changes nothing but the data directory's mode.
 */
final class ServerUser {

    private ServerUser() {
    }

    /**
     * Makes {@code dir} an empty data directory the server will accept: created when absent, refused when not empty,
     * mode 0700 (the server refuses one others can read), owned by the server user, its parents enterable by it.
     */
    static void prepareDataDir(Path dir) throws PostgresException {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new PostgresException("Cannot create a cluster in " + dir
                                + ": the directory is not empty; choose a new directory or delete it");
                    }
                }
            } else {
                Files.createDirectories(dir);
            }
            // pg_basebackup keeps an existing directory's mode.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            own(dir);
            checkReachable(dir.getParent());
        } catch (PostgresException e) {
            throw e;
        } catch (IOException e) {
            throw new PostgresException("Cannot prepare " + dir + " for a cluster: " + e.getMessage(), e);
        }
    }

    /**
     * When root, fails early with the fix if the server user cannot traverse to {@code dir} (e.g. a 0700 temporary
     * directory of root's), instead of initdb's bare "Permission denied".
     */
    static void checkReachable(Path dir) throws IOException {
        if (!PgTools.runningAsRoot()) {
            return;
        }
        for (Path p = dir; p != null; p = p.getParent()) {
            PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class);
            Set<PosixFilePermission> perms = attrs.permissions();
            boolean reachable;
            if (attrs.owner().getName().equals(PgTools.SERVER_OS_USER)) {
                reachable = perms.contains(PosixFilePermission.OWNER_EXECUTE);
            } else if (attrs.group().getName().equals(PgTools.SERVER_OS_USER)) {
                reachable = perms.contains(PosixFilePermission.GROUP_EXECUTE);
            } else {
                reachable = perms.contains(PosixFilePermission.OTHERS_EXECUTE);
            }
            if (!reachable) {
                throw new PostgresException("The " + PgTools.SERVER_OS_USER + " OS user, which runs PostgreSQL when"
                        + " we are root, cannot enter " + p + " (" + PosixFilePermissions.toString(perms) + ", owner "
                        + attrs.owner().getName() + "): chmod o+x " + p + " or choose a directory it can reach");
            }
        }
    }

    /** When root, hands {@code path} (user and group) to the server user. */
    static void own(Path path) throws IOException {
        if (!PgTools.runningAsRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = lookup.lookupPrincipalByName(PgTools.SERVER_OS_USER);
            group = lookup.lookupPrincipalByGroupName(PgTools.SERVER_OS_USER);
        } catch (IOException e) {
            throw new PostgresException("Running as root needs the OS user '" + PgTools.SERVER_OS_USER
                    + "' to run PostgreSQL: " + PgTools.INSTALL_HINT + " creates it", e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }
}
