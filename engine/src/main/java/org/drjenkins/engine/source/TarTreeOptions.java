package org.drjenkins.engine.source;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What {@link DirectoryTarSource} takes from a tree and how it treats a file that changes while read. The default
 * (everything, streamed) is the directory component's; a jenkins-home component selects by pattern, adds a generated
 * {@code plugins.txt} and re-reads configuration files that Jenkins rewrote during the read.
 *
 * @param selected       whether a file or symbolic link (by its '/'-separated relative name) goes into the archive
 * @param pruned         whether a directory's whole subtree is left unread (a workspace: never listed, never stat'ed)
 * @param onlyParents    keep only the directories that hold a selected entry (instead of every directory)
 * @param rereadAttempts how often a file whose size or modification time changed during the read is read again before it
 *                       is skipped (0: stream once and record the change, the directory component's behaviour)
 * @param rereadLimit    files larger than this are streamed once as a directory component does (they are read into
 *                       memory to be re-readable)
 * @param extras         generated files stored before the tree's entries
 * @param readObserver   called after each read of a re-readable file, before it is checked for changes (tests use it
 *                       to change the file at that moment)
 */
record TarTreeOptions(Predicate<String> selected, Predicate<String> pruned, boolean onlyParents, int rereadAttempts,
        long rereadLimit, List<GeneratedFile> extras, ReadObserver readObserver) {

    static final TarTreeOptions EVERYTHING = new TarTreeOptions(name -> true, name -> false, false, 0, 0, List.of(), ReadObserver.NONE);

    TarTreeOptions {
        Objects.requireNonNull(selected, "selected");
        Objects.requireNonNull(pruned, "pruned");
        extras = List.copyOf(extras);
        readObserver = readObserver == null ? ReadObserver.NONE : readObserver;
    }

    TarTreeOptions withReadObserver(ReadObserver observer) {
        return new TarTreeOptions(selected, pruned, onlyParents, rereadAttempts, rereadLimit, extras, observer);
    }

    /** A file the source writes itself (e.g. plugins.txt), with mode 0644. */
    record GeneratedFile(String name, byte[] content) {
    }

    /** Sees a file between its read and the check that it did not change. */
    interface ReadObserver {
        ReadObserver NONE = (name, attempt) -> {
        };

        void afterRead(String name, int attempt) throws java.io.IOException;
    }
}
