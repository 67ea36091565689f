package org.drjenkins.engine.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.drjenkins.engine.manifest.ArtifactRecord;
import org.drjenkins.engine.manifest.BackupId;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.Replicas;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;
import org.drjenkins.engine.storage.StoreException;

/**
 * Copies a complete backup to another region and proves the copy: every artifact is read back and must match the
 * manifest's size and SHA-256 before the copy's manifest is written, so a region never holds a "complete" backup whose
 * bytes differ from the original.
 */
public final class CrossRegionCopier {

    private final Clock clock;

    public CrossRegionCopier(Clock clock) {
        this.clock = clock;
    }

    public Replicas.Copy copy(Manifest manifest, ObjectStore from, ObjectStore to) {
        BackupId id = BackupId.parse(manifest.backupId()).orElseThrow();
        for (ArtifactRecord artifact : manifest.artifacts()) {
            ObjectInfo copied = to.copyFrom(from, artifact.key());
            if (copied.size() != artifact.storedBytes()) {
                throw new StoreException(location(to, artifact.key()) + ": copy has " + copied.size() + " bytes, manifest says "
                        + artifact.storedBytes());
            }
            String digest = sha256Of(to, artifact.key());
            if (!digest.equals(artifact.sha256())) {
                throw new StoreException(location(to, artifact.key()) + ": copy has SHA-256 " + digest + ", manifest says " + artifact.sha256());
            }
        }
        to.copyFrom(from, BackupLayout.manifestKey(manifest.component(), id));
        return new Replicas.Copy(to.regionName(), to.bucket(), clock.instant(), true);
    }

    static String sha256Of(ObjectStore store, String key) {
        try (InputStream in = new DigestInputStream(store.open(key), newDigest())) {
            byte[] buffer = new byte[256 * 1024];
            while (in.read(buffer) >= 0) {
                // reading is the point: the digest sees every byte
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(location(store, key) + ": cannot read back the copy: " + e.getMessage(), e);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String location(ObjectStore store, String key) {
        return "s3://" + store.bucket() + "/" + key + " (" + store.regionName() + ")";
    }
}
