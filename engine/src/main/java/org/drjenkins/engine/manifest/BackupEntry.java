package org.drjenkins.engine.manifest;

import java.util.List;
import java.util.Optional;

/**
 * One backup folder as found in a bucket. Only an entry with a manifest, and no damage, is a complete backup.
 *
 * @param damage what is wrong with the folder's records (a manifest that does not parse, an artifact key outside the
 *               folder, …), one line each; empty for a sound folder. A damaged entry is never complete, never
 *               "latest", never counted by compliance and never deleted by retention: a person decides. Its manifest
 *               is never exposed (empty), so nothing can fetch what a damaged manifest names.
 */
public record BackupEntry(String component, BackupId id, Optional<Manifest> manifest, Optional<Replicas> replicas,
        Optional<VerificationRecord> verification, List<String> damage) {

    public BackupEntry {
        damage = damage == null ? List.of() : List.copyOf(damage);
        if (!damage.isEmpty()) {
            manifest = Optional.empty();
        }
    }

    /** A sound folder. */
    public BackupEntry(String component, BackupId id, Optional<Manifest> manifest, Optional<Replicas> replicas,
            Optional<VerificationRecord> verification) {
        this(component, id, manifest, replicas, verification, List.of());
    }

    public boolean complete() {
        return manifest.isPresent() && damage.isEmpty();
    }

    /** Whether a record of this folder is unreadable or untrustworthy ({@link #damage()} says which and why). */
    public boolean damaged() {
        return !damage.isEmpty();
    }

    public boolean verifiedPassing() {
        return !damaged() && verification.map(VerificationRecord::passed).orElse(false);
    }

    /** "DAMAGED: …", "verified", "FAILED verification", "unverified" or "incomplete". */
    public String verificationState() {
        if (damaged()) {
            return "DAMAGED: " + String.join("; ", damage);
        }
        if (!complete()) {
            return "incomplete";
        }
        return verification.map(v -> v.passed() ? "verified" : "FAILED verification").orElse("unverified");
    }
}
