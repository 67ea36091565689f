package io.jenkins.plugins.dr.evidence;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A job's DR evidence in one small file ({@value EvidenceIndexes#FILE} in the job's directory), updated by every DR
 * step run (and the job's builds starting and finishing), so that the Disaster Recovery page, the job action and the
 * badges know each component's newest evidence without loading the job's builds. The builds stay the record; this is
 * their index. Plain fields for XStream; null maps after reading an older file are replaced in {@link #readResolve}.
 */
public final class EvidenceIndex {
    /** Component → its newest evidence. */
    private Map<String, Entry> latest = new TreeMap<>();
    /** Component → the newest evidence proving a recovery point: a passed restore verification (or compliance). */
    private Map<String, Entry> proven = new TreeMap<>();
    /** Component → its newest passing verification. */
    private Map<String, Entry> verified = new TreeMap<>();
    /** Scenario or component → its newest drill. */
    private Map<String, Entry> drills = new TreeMap<>();
    private int lastBuild;
    private String lastBuildUrl;
    private long lastStartedMillis;
    private String lastResult;

    /** One recorded evidence and the build that recorded it. */
    public static final class Entry {
        private final int build;
        private final String url;
        private final DrEvidenceAction evidence;

        public Entry(int build, String url, DrEvidenceAction evidence) {
            this.build = build;
            this.url = url;
            this.evidence = evidence;
        }

        public int build() {
            return build;
        }

        public String url() {
            return url;
        }

        public Evidence evidence() {
            return evidence.evidence();
        }
    }

    public synchronized void record(int build, String url, Evidence evidence) {
        Entry entry = new Entry(build, url, new DrEvidenceAction(evidence));
        putIfNewer(latest, evidence.component(), entry);
        if (LiveStatus.provesRecoveryPoint(evidence)) {
            putIfNewer(proven, evidence.component(), entry);
        }
        if (evidence.kind() == EvidenceKind.VERIFY && evidence.passed()) {
            putIfNewer(verified, evidence.component(), entry);
        }
        if (evidence.kind() == EvidenceKind.DRILL) {
            putIfNewer(drills, evidence.component(), entry);
        }
    }

    public synchronized void started(int build, String url, long startedMillis) {
        if (build >= lastBuild) {
            lastBuild = build;
            lastBuildUrl = url;
            lastStartedMillis = startedMillis;
            lastResult = null;
        }
    }

    public synchronized void completed(int build, String result) {
        if (build == lastBuild) {
            lastResult = result;
        }
    }

    private static void putIfNewer(Map<String, Entry> map, String component, Entry entry) {
        Entry old = map.get(component);
        if (old == null || old.evidence().timeMillis() <= entry.evidence().timeMillis()) {
            map.put(component, entry);
        }
    }

    public synchronized Map<String, Entry> latest() {
        return Map.copyOf(latest);
    }

    public synchronized Optional<Entry> proven(String component) {
        return Optional.ofNullable(proven.get(component));
    }

    public synchronized Optional<Entry> verified(String component) {
        return Optional.ofNullable(verified.get(component));
    }

    public synchronized Optional<Entry> drill(String component) {
        return Optional.ofNullable(drills.get(component));
    }

    /** The newest passing verification of any component. */
    public synchronized Optional<Entry> lastPassingVerification() {
        return verified.values().stream().max(java.util.Comparator.comparingLong(e -> e.evidence().timeMillis()));
    }

    public synchronized Optional<Entry> lastDrill() {
        return drills.values().stream().max(java.util.Comparator.comparingLong(e -> e.evidence().timeMillis()));
    }

    public synchronized int lastBuild() {
        return lastBuild;
    }

    public synchronized String lastBuildUrl() {
        return lastBuildUrl;
    }

    public synchronized long lastStartedMillis() {
        return lastStartedMillis;
    }

    /** SUCCESS, UNSTABLE, …, "running", or "no builds". */
    public synchronized String lastResult() {
        if (lastBuild == 0) {
            return "no builds";
        }
        return lastResult == null ? "running" : lastResult;
    }

    private synchronized Object readResolve() {
        latest = latest == null ? new TreeMap<>() : latest;
        proven = proven == null ? new TreeMap<>() : proven;
        verified = verified == null ? new TreeMap<>() : verified;
        drills = drills == null ? new TreeMap<>() : drills;
        return this;
    }
}
