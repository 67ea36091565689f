package org.drjenkins.engine.manifest;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.util.Json;

/**
 * Reads what backups a bucket holds for a component. The manifest is the only mark of completeness: a folder without
 * one is a failed or running backup and is never "latest"; a folder whose records are damaged is listed with the
 * reason and otherwise treated as no backup.
 */
public final class BackupCatalog {

    private static final int MAX_REASON = 200;

    private final ObjectStore store;

    public BackupCatalog(ObjectStore store) {
        this.store = store;
    }

    /** Every backup folder of the component, oldest first. */
    public List<BackupEntry> list(String component) {
        List<BackupEntry> entries = new ArrayList<>();
        for (String folder : store.listFolders(BackupLayout.componentPrefix(component))) {
            BackupLayout.idOfFolder(folder).ifPresent(id -> entries.add(read(component, id)));
        }
        entries.sort(Comparator.comparing(BackupEntry::id));
        return entries;
    }

    /**
     * One folder. A record that does not parse, or a manifest that names keys outside the folder, does not fail the
     * listing: the entry is {@link BackupEntry#damaged() damaged}, with the reason, and every other backup reads as
     * before. A store that cannot be read still fails (that is not the folder's fault).
     */
    public BackupEntry read(String component, BackupId id) {
        List<String> damage = new ArrayList<>();
        Optional<Manifest> manifest = parse(BackupLayout.manifestKey(component, id), Manifest.class, damage);
        manifest.ifPresent(m -> damage.addAll(m.problems(component, id)));
        Optional<Replicas> replicas = parse(BackupLayout.replicasKey(component, id), Replicas.class, damage);
        Optional<VerificationRecord> verification = parse(BackupLayout.verificationKey(component, id), VerificationRecord.class, damage);
        return new BackupEntry(component, id, manifest, replicas, verification, damage);
    }

    private <T> Optional<T> parse(String key, Class<T> type, List<String> damage) {
        Optional<byte[]> bytes = store.getBytes(key);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        try {
            T value = Json.fromBytes(bytes.get(), type, name);
            if (value == null) {
                damage.add(name + " holds no record (null)");
            }
            return Optional.ofNullable(value);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
            damage.add(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason);
            return Optional.empty();
        }
    }

    public Optional<Manifest> manifest(String component, BackupId id) {
        return store.getBytes(BackupLayout.manifestKey(component, id))
                .map(b -> Json.fromBytes(b, Manifest.class, "manifest of " + component + "/" + id));
    }

    /** The newest conclusive restore verification: a run the environment failed is never the backup's record. */
    public Optional<VerificationRecord> verification(String component, BackupId id) {
        return store.getBytes(BackupLayout.verificationKey(component, id))
                .map(b -> Json.fromBytes(b, VerificationRecord.class, "verification.json of " + component + "/" + id))
                .filter(VerificationRecord::conclusive);
    }

    /** Every verification run of the backup kept under {@code verifications/}, oldest first (none for older backups). */
    public List<VerificationRecord> verificationHistory(String component, BackupId id) {
        List<VerificationRecord> history = new ArrayList<>();
        for (var object : store.list(BackupLayout.verificationHistoryPrefix(component, id))) {
            store.getBytes(object.key()).ifPresent(b -> history.add(Json.fromBytes(b, VerificationRecord.class, object.key())));
        }
        history.sort(Comparator.comparing(VerificationRecord::verifiedAt));
        return history;
    }

    /** Every real restore of the backup kept under {@code restores/}, oldest first. */
    public List<RestoreRecord> restoreHistory(String component, BackupId id) {
        List<RestoreRecord> history = new ArrayList<>();
        for (var object : store.list(BackupLayout.restoreHistoryPrefix(component, id))) {
            store.getBytes(object.key()).ifPresent(b -> history.add(Json.fromBytes(b, RestoreRecord.class, object.key())));
        }
        history.sort(Comparator.comparing(RestoreRecord::restoredAt));
        return history;
    }

    /** The newest complete backup. */
    public Optional<BackupEntry> latest(String component) {
        List<BackupEntry> all = list(component);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).complete()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /** The newest complete backup with a passing verification record. */
    public Optional<BackupEntry> latestVerified(String component) {
        List<BackupEntry> all = list(component);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).complete() && all.get(i).verifiedPassing()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }
}
