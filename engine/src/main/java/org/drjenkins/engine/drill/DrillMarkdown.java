package org.drjenkins.engine.drill;

import java.util.List;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.failover.Step;

/** The drill report for people: verdict, RTO/RPO per component against targets, phases, failover steps, notes. */
public final class DrillMarkdown {

    private DrillMarkdown() {
    }

    public static String render(DrillReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# DR drill ").append(report.scenario().cliName()).append(": ").append(report.outcome()).append("\n\n");
        md.append("- Drill: `").append(report.drillId()).append("`\n");
        md.append("- Started: ").append(report.startedAt()).append(", took ").append(Seconds.text(report.durationSeconds()))
                .append('\n');
        md.append("- Overall: RTO ").append(DrillReport.seconds(report.rtoSeconds())).append(", RPO ")
                .append(DrillReport.seconds(report.rpoSeconds())).append(", targets ")
                .append(report.compliant() ? "met" : "MISSED").append('\n');
        if (report.detection() != null) {
            md.append("- Detection: ").append(cell(report.detection())).append('\n');
        }
        if (!report.components().isEmpty()) {
            md.append("\n## Recovery objectives, measured\n\n");
            md.append("| Component | RTO | RTO target | RPO | RPO target | Verdict | How measured |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (ComponentResult c : report.components()) {
                md.append("| ").append(c.component()).append(" | ").append(DrillReport.seconds(c.rtoSeconds()))
                        .append(" | ").append(DrillReport.target(c.rtoTargetSeconds())).append(" | ")
                        .append(c.rpoApplies() ? DrillReport.seconds(c.rpoSeconds()) : "n/a").append(" | ")
                        .append(DrillReport.target(c.rpoTargetSeconds())).append(" | ")
                        .append(c.compliant() ? "compliant" : "**not compliant**").append(" | ").append(cell(c.basis()))
                        .append(" |\n");
            }
        }
        md.append("\n## Phases\n\n| # | Phase | Scope | Status | Took | Detail |\n|---|---|---|---|---|---|\n");
        int n = 1;
        for (PhaseResult p : report.phases()) {
            md.append("| ").append(n++).append(" | ").append(p.name()).append(" | ")
                    .append(p.component() == null ? "" : cell(p.component())).append(" | ")
                    .append(p.status() == PhaseStatus.PASSED ? "passed" : "**" + p.status().name().toLowerCase() + "**")
                    .append(" | ").append(Seconds.text(p.seconds())).append(" | ").append(cell(p.detail())).append(" |\n");
        }
        for (FailoverResult failover : report.failovers()) {
            md.append("\n## Failover ").append(failover.from()).append(" → ").append(failover.to())
                    .append(failover.completed() ? "" : " (did not complete)").append("\n\n");
            md.append("| Step | Status | Took | Detail |\n|---|---|---|---|\n");
            for (Step step : failover.steps()) {
                md.append("| ").append(step.name()).append(" | ").append(step.status().name().toLowerCase()).append(" | ")
                        .append(Seconds.text(step.seconds())).append(" | ").append(cell(step.detail())).append(" |\n");
            }
            if (failover.failure() != null) {
                md.append("\nStopped: ").append(cell(failover.failure())).append('\n');
            }
        }
        List<String> notes = report.notes();
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(note -> md.append("- ").append(cell(note)).append('\n'));
        }
        return md.toString();
    }

    /** One table cell: no line breaks, and a pipe would end the cell. */
    private static String cell(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").replace("|", "\\|");
    }
}
