package org.drjenkins.engine.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.drjenkins.engine.manifest.BackupCatalog;
import org.drjenkins.engine.manifest.BackupLayout;
import org.drjenkins.engine.storage.ObjectInfo;
import org.drjenkins.engine.storage.ObjectStore;

/** Applies retention to one component in one region. */
public final class RetentionEnforcer {

    private final ObjectStore store;

    public RetentionEnforcer(ObjectStore store) {
        this.store = store;
    }

    /** Plans, and unless {@code dryRun} deletes what the plan allows. Returns every decision. */
    public List<RetentionDecision> apply(String component, Instant now, Duration retention, boolean dryRun) {
        List<RetentionDecision> decisions = RetentionPlanner.plan(new BackupCatalog(store).list(component), now, retention);
        if (!dryRun) {
            decisions.stream().filter(RetentionDecision::delete).forEach(d -> deleteFolder(component, d));
        }
        return decisions;
    }

    private void deleteFolder(String component, RetentionDecision decision) {
        String folder = BackupLayout.folder(component, decision.entry().id());
        // The manifest goes first: if deletion stops half-way, what is left is an unfinished folder, never a
        // "complete" backup with missing artifacts.
        store.delete(folder + BackupLayout.MANIFEST);
        for (ObjectInfo object : store.list(folder)) {
            store.delete(object.key());
        }
    }
}
