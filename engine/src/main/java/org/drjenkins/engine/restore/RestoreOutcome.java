package org.drjenkins.engine.restore;

import java.util.List;
import java.util.Optional;
import org.drjenkins.engine.manifest.RestoreRecord;

/**
 * What a restore did.
 *
 * @param record     the evidence (also stored in the bucket unless {@code written} is false)
 * @param written    false for {@code --diff}: nothing was written anywhere
 * @param changes    directory targets: what changed (or would change) against the tree that was there
 * @param recordedIn where the evidence was stored ({@code s3://bucket/key}); empty when nothing was written or the store
 *                   refused it (the restore itself still counts)
 * @param skipped    regions tried first that did not answer, with the reason
 */
public record RestoreOutcome(RestoreRecord record, boolean written, Optional<TreeChanges> changes, Optional<String> recordedIn,
        List<String> skipped) {
}
