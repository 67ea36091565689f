package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.postgres.PgTools;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Parameter;
import org.drjenkins.engine.util.TempFiles;

/**
 * Restores a tar tree (a directory component, or any component whose artifact is one) into a directory: extracted
 * into a staging directory beside it with modes, symlinks as links, and owners when root, then swapped in. The
 * changes against the tree that was there are reported; with {@code diff} only reported.
 */
final class DirectoryTarget implements RestoreTarget {

    /** How many paths of each kind (added, changed, removed) the summary lists. */
    static final int LISTED_PATHS = 20;

    private final Path to;
    private final boolean replace;
    private final boolean confirm;
    private final boolean diff;
    private final Progress progress;

    DirectoryTarget(Path to, boolean replace, boolean confirm, boolean diff, Progress progress) {
        this.to = to.toAbsolutePath().normalize();
        this.replace = replace;
        this.confirm = confirm;
        this.diff = diff;
        this.progress = progress;
    }

    @Override
    public String describe() {
        return to.toString();
    }

    @Override
    public void preflight(Manifest manifest) throws IOException {
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            throw InvalidRequestException.of(Parameter.RESTORE_DIR.given(to), ": exists and is not a directory; choose a directory path");
        }
        if (diff || !StagedSwap.nonEmptyDirectory(to)) {
            return;
        }
        if (!replace) {
            throw InvalidRequestException.of(Parameter.RESTORE_DIR.given(to), ": not empty; pass ", Parameter.REPLACE,
                    " to replace its content with the backup (", Parameter.DIFF, " shows what would change), or choose an empty directory");
        }
        if (!confirm) {
            throw InvalidRequestException.of(Parameter.RESTORE_DIR.given(to), ": holds a tree that would be replaced; pass ",
                    Parameter.CONFIRM, " as well to replace it (", Parameter.DIFF, " shows what would change)");
        }
    }

    @Override
    public Applied apply(Manifest manifest, Path rawContent) throws IOException {
        TreeChanges changes = TreeDiff.compare(rawContent, to, LISTED_PATHS);
        if (diff) {
            return new Applied("would change " + to + ": " + changes.summary(), Optional.of(changes), Optional.empty(), false);
        }
        Path staged = StagedSwap.stageBeside(to);
        try {
            progress.phase("extract into " + staged);
            try (InputStream in = Files.newInputStream(rawContent)) {
                SafeTarExtractor.extract(in, staged, SafeTarExtractor.Links.AS_STORED, PgTools.runningAsRoot());
            }
            // The staging directory is private (0700): give it the mode of the directory it replaces.
            Files.setPosixFilePermissions(staged, Files.isDirectory(to) ? Files.getPosixFilePermissions(to)
                    : PosixFilePermissions.fromString("rwxr-xr-x"));
            if (PgTools.runningAsRoot() && Files.isDirectory(to)) {
                // and its owner: /var/lib/jenkins restored by root must still belong to jenkins
                java.nio.file.attribute.PosixFileAttributes old = Files.readAttributes(to, java.nio.file.attribute.PosixFileAttributes.class);
                java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(staged,
                        java.nio.file.attribute.PosixFileAttributeView.class);
                view.setOwner(old.owner());
                view.setGroup(old.group());
            }
            progress.phase("swap " + staged.getFileName() + " into " + to);
            StagedSwap.swap(staged, to);
        } finally {
            TempFiles.deleteRecursively(staged); // gone after a swap; after a failure, the half tree goes, the target stays
        }
        return new Applied("restored into " + to + ": " + changes.summary(), Optional.of(changes), Optional.empty(), true);
    }
}
