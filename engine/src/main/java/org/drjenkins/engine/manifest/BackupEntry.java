package org.drjenkins.engine.manifest;

import java.util.Optional;

/**
 * One backup folder as found in a bucket. Only an entry with a manifest is a complete backup.
 */
public record BackupEntry(String component, BackupId id, Optional<Manifest> manifest, Optional<Replicas> replicas,
        Optional<VerificationRecord> verification) {

    public boolean complete() {
        return manifest.isPresent();
    }

    public boolean verifiedPassing() {
        return verification.map(VerificationRecord::passed).orElse(false);
    }

    /** "verified", "FAILED verification", "unverified" or "incomplete". */
    public String verificationState() {
        if (!complete()) {
            return "incomplete";
        }
        return verification.map(v -> v.passed() ? "verified" : "FAILED verification").orElse("unverified");
    }
}
