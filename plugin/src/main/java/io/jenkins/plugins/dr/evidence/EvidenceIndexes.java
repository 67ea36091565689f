package io.jenkins.plugins.dr.evidence;

import hudson.XmlFile;
import hudson.model.Job;
import hudson.model.Run;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads and writes each job's {@link EvidenceIndex}. Kept in memory after the first read (keyed by the file, so a
 * renamed job starts afresh from its moved file); written through on every change, atomically (XmlFile writes a
 * temporary file and renames it), so a crash leaves the previous index, never half of one.
 */
public final class EvidenceIndexes {
    /** In the job's directory, next to config.xml. */
    public static final String FILE = "disaster-recovery-evidence.xml";
    private static final Logger LOG = Logger.getLogger(EvidenceIndexes.class.getName());
    private static final Map<String, EvidenceIndex> CACHE = new ConcurrentHashMap<>();

    private EvidenceIndexes() {
    }

    /** The job's index, or empty when no DR step ever ran in it. Reads no build. */
    public static Optional<EvidenceIndex> of(Job<?, ?> job) {
        File file = file(job);
        EvidenceIndex cached = CACHE.get(file.getPath());
        if (cached != null) {
            return Optional.of(cached);
        }
        if (!file.isFile()) {
            return Optional.empty();
        }
        try {
            EvidenceIndex index = (EvidenceIndex) new XmlFile(file).read();
            CACHE.putIfAbsent(file.getPath(), index);
            return Optional.of(CACHE.get(file.getPath()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read the DR evidence index " + file + "; the job's pages show it as having no evidence", e);
            return Optional.empty();
        }
    }

    /** Records a DR step's evidence in its job's index (creating it), on the controller. */
    public static void record(Run<?, ?> run, Evidence evidence) throws IOException {
        update(run.getParent(), true, index -> {
            index.started(run.getNumber(), run.getUrl(), run.getStartTimeInMillis());
            index.record(run.getNumber(), run.getUrl(), evidence);
        });
    }

    /**
     * Applies a change and saves the index.
     *
     * @param create whether to start an index for a job that has none (a DR step ran), or leave such a job alone
     */
    static void update(Job<?, ?> job, boolean create, java.util.function.Consumer<EvidenceIndex> change) throws IOException {
        File file = file(job);
        synchronized (EvidenceIndexes.class) {
            Optional<EvidenceIndex> existing = of(job);
            if (existing.isEmpty() && !create) {
                return;
            }
            EvidenceIndex index = existing.orElseGet(EvidenceIndex::new);
            change.accept(index);
            new XmlFile(file).write(index);
            CACHE.put(file.getPath(), index);
        }
    }

    /** Forgets what is in memory, as after a restart: for tests that check what a reload reads. */
    public static void forgetCached() {
        CACHE.clear();
    }

    private static File file(Job<?, ?> job) {
        return new File(job.getRootDir(), FILE);
    }
}
