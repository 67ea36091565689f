package io.jenkins.plugins.dr.evidence;

/** Which step measured the evidence. */
public enum EvidenceKind {
    BACKUP("backup"), VERIFY("verify"), FAILOVER("failover"), DRILL("drill"),
    /** drCompliance: the engine's live evaluation of a component from the store (newest verified backup, WAL archive). */
    COMPLIANCE("compliance"),
    /** drWalReplicate: one region's WAL copy lag (its RPO if it had to restore now), under {@code component@region}. */
    REPLICATION("replication");

    private final String label;

    EvidenceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
