package org.drjenkins.engine.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.drjenkins.engine.manifest.Manifest;

/**
 * Where a real restore writes: a directory, a database, a data directory, a file. Each one checks before anything is
 * downloaded whether it may be written ({@link #preflight}), and writes beside the target first so that a failure
 * leaves the target as it was.
 */
interface RestoreTarget {

    /** The target as the record names it, without credentials. */
    String describe();

    /**
     * Refuses a target that may not be written as asked (not empty without replace, in use without confirm) with an
     * {@link org.drjenkins.engine.util.InvalidRequestException} naming the option that allows it.
     */
    void preflight(Manifest manifest) throws IOException, InterruptedException;

    /** Writes the verified raw content into the target. */
    Applied apply(Manifest manifest, Path rawContent) throws IOException, InterruptedException;

    /**
     * @param detail        one line for the record and the operator
     * @param changes       directory targets: the differences against the tree that was there
     * @param recoveryPoint when it differs from the backup's (WAL replayed past it)
     * @param written       false when nothing was written ({@code --diff})
     */
    record Applied(String detail, Optional<TreeChanges> changes, Optional<Instant> recoveryPoint, boolean written) {
    }
}
