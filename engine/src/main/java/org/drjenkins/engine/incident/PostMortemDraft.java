package org.drjenkins.engine.incident;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.drjenkins.engine.config.Durations;

/**
 * The post-mortem draft written at the resolution, in the blameless shape incident.io and the plan use: the facts
 * first (severity, times, measured RTO/RPO), then the timeline from the evidence (detection, each failover step, who
 * was paged and who acknowledged when), then the sections people fill in.
 */
public final class PostMortemDraft {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** The section whose filling-in makes the post-mortem written (until then, the overdue reminder is due). */
    static final String ROOT_CAUSE_HEADING = "## Root cause";
    static final String TO_FILL_IN = "_to fill in_";

    private PostMortemDraft() {
    }

    public static String render(IncidentRecord r) {
        StringBuilder md = new StringBuilder();
        md.append("# Post-mortem: ").append(r.drill() ? "DRILL: " : "").append("[INCIDENT] ").append(r.service()).append(" - ")
                .append(r.description()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Incident", r.id());
        row(md, "Severity", r.severity().yamlName());
        row(md, "Event", r.event().yamlName());
        row(md, "Started", TIME.format(r.openedAt()));
        row(md, "Acknowledged", r.acknowledgedAt().map(at -> TIME.format(at) + " by " + r.acknowledgedBy().orElse("?")
                + " (after " + Durations.format(Duration.between(r.openedAt(), at)) + ")").orElse("never"));
        row(md, "Resolved", r.resolvedAt().map(TIME::format).orElse("not yet"));
        r.resolvedAt().ifPresent(at -> row(md, "Duration", Durations.format(Duration.between(r.openedAt(), at))));
        r.postMortemDueAt().ifPresent(at -> row(md, "Post-mortem due", TIME.format(at)));
        row(md, "Impact", r.impact() == null ? "unknown" : r.impact());
        md.append("\n## Measured\n\n");
        Map<String, String> facts = r.facts();
        md.append("- RTO: ").append(facts.getOrDefault("rtoSeconds", "not measured")).append(facts.containsKey("rtoSeconds") ? " s" : "").append('\n');
        md.append("- RPO: ").append(facts.getOrDefault("rpoSeconds", "not measured")).append(facts.containsKey("rpoSeconds") ? " s" : "").append('\n');
        facts.forEach((k, v) -> {
            if (!k.equals("rtoSeconds") && !k.equals("rpoSeconds")) {
                md.append("- ").append(k).append(": ").append(v).append('\n');
            }
        });
        md.append("\n## Who was paged\n\n| when | layer | who |\n|---|---|---|\n");
        for (Page p : r.pages()) {
            md.append("| ").append(TIME.format(p.at())).append(" | ").append(p.layer().yamlName()).append(" | ").append(p.person().name()).append(" |\n");
        }
        md.append("\n## Timeline\n\n");
        for (TimelineEntry e : r.timeline()) {
            md.append("- ").append(TIME.format(e.at())).append(" ").append(e.what()).append('\n');
        }
        md.append("\n" + ROOT_CAUSE_HEADING + "\n\n" + TO_FILL_IN + "\n\n## What went well\n\n_to fill in_\n\n## What to improve\n\n_to fill in_\n\n"
                + "## Action items\n\n| action | owner | due |\n|---|---|---|\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }
}
