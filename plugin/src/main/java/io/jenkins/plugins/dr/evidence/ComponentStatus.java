package io.jenkins.plugins.dr.evidence;

import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.report.EvidenceFormat;

/** The newest evidence of one component, as a row of the job page and the dashboard. */
public record ComponentStatus(String component, int build, String buildUrl, Evidence evidence) {

    public Verdict verdict() {
        return evidence.verdict();
    }

    public String getComponent() {
        return component;
    }

    public int getBuild() {
        return build;
    }

    public String getBuildUrl() {
        return buildUrl;
    }

    public String getColour() {
        return evidence.colour();
    }

    public String getVerdict() {
        return evidence.verdict().name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }

    public String getKind() {
        return evidence.kind().label();
    }

    public String getRpo() {
        return EvidenceFormat.measuredVsTarget(java.util.Optional.ofNullable(evidence.rpoSeconds()),
                evidence.targets().rpo());
    }

    public String getRto() {
        return EvidenceFormat.measuredVsTarget(java.util.Optional.ofNullable(evidence.rtoSeconds()),
                evidence.targets().rto());
    }

    public String getTooltip() {
        return evidence.tooltip();
    }
}
