package org.drjenkins.engine.wal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.storage.ObjectStore;

/** The WAL archive of one component in one region's bucket, read through listings. */
public final class WalArchive {

    /** Archive order: by timeline, then position; a file's versions (should there be several) side by side. */
    public static final Comparator<ArchivedWal> ORDER = Comparator.comparingLong((ArchivedWal w) -> w.file().timeline())
            .thenComparing(w -> w.file().kind() == WalFileName.Kind.HISTORY ? "" : w.name())
            .thenComparing(ArchivedWal::key);

    private final ObjectStore store;
    private final String component;

    public WalArchive(ObjectStore store, String component) {
        this.store = store;
        this.component = component;
    }

    public ObjectStore store() {
        return store;
    }

    public String component() {
        return component;
    }

    /** Every archived file, in {@link #ORDER}. Objects under the prefix that are not ours are left out. */
    public List<ArchivedWal> list() {
        return store.list(WalKeys.prefix(component)).stream().map(WalKeys::parse).flatMap(Optional::stream)
                .sorted(ORDER).toList();
    }

    /** The stored versions of one file: none when it is not archived, one normally. */
    public List<ArchivedWal> versions(WalFileName file) {
        return store.list(WalKeys.filePrefix(component, file)).stream().map(WalKeys::parse).flatMap(Optional::stream)
                .filter(w -> w.name().equals(file.name())).toList();
    }

    /** The archived file of this name; a name stored with two different contents is refused, naming both keys. */
    public Optional<ArchivedWal> find(WalFileName file) {
        List<ArchivedWal> versions = versions(file);
        if (versions.size() > 1) {
            throw new WalConflictException(file.name() + " is archived twice with different content in s3://" + store.bucket() + "/"
                    + WalKeys.filePrefix(component, file) + "… (" + versions.get(0).sha256().substring(0, 12) + "…, "
                    + versions.get(1).sha256().substring(0, 12) + "…): two servers archived into component " + component
                    + "; keep the one of the server you restore and delete the other");
        }
        return versions.stream().findFirst();
    }
}
