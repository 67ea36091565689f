package org.drjenkins.engine.compliance;

/** A component's standing against its RTO/RPO targets. */
public enum Verdict {
    /** Measured evidence inside both targets with margin. */
    COMPLIANT,
    /** Inside the targets but within 20 % of one, evidence older than the retention window, or only unverified backups. */
    AT_RISK,
    /** A measured figure is past its target. */
    VIOLATED,
    /** Nothing measured: no backup, or never restored. */
    NO_EVIDENCE,
    /**
     * The evidence was true once but is older than its maximum age (see {@link Freshness}): a verification older than
     * its schedule plus grace, a drill older than a quarter. Nobody has re-checked it, so it no longer proves anything.
     */
    STALE;

    /** The worse of two verdicts (for an overall verdict). */
    public Verdict worse(Verdict other) {
        return rank(other) > rank(this) ? other : this;
    }

    private static int rank(Verdict v) {
        return switch (v) {
            case COMPLIANT -> 0;
            case AT_RISK -> 1;
            case STALE -> 2;
            case NO_EVIDENCE -> 3;
            case VIOLATED -> 4;
        };
    }
}
