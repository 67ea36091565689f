package org.drjenkins.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drjenkins.engine.compliance.ComplianceReport;
import org.drjenkins.engine.compliance.ComponentCompliance;
import org.drjenkins.engine.compliance.FigureVerdict;

/**
 * A self-contained HTML page (inline SVG badges, no external assets) with the evidence of a run: what was done, with
 * timings, and each component's measured RPO/RTO against its targets. The verdict badge carries the component's
 * standing; each figure's badge is coloured by that figure against its own target.
 */
public final class HtmlReport {

    /** One line of the narrative: a step and how long it took. */
    public record Step(String name, String outcome, double seconds) {
    }

    private final String title;
    private final List<Step> steps = new ArrayList<>();
    private ComplianceReport compliance;
    private List<Step> drillPhases = List.of();

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport step(String name, String outcome, double seconds) {
        steps.add(new Step(name, outcome, seconds));
        return this;
    }

    /** The phases of a drill, shown as their own table. */
    public HtmlReport drill(List<Step> phases) {
        this.drillPhases = List.copyOf(phases);
        return this;
    }

    public HtmlReport compliance(ComplianceReport report) {
        this.compliance = report;
        return this;
    }

    public String render() {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title)).append("</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:.35em .7em;text-align:left}th{background:#f3f3f3}")
                .append(".num{text-align:right;font-variant-numeric:tabular-nums}</style></head><body>");
        html.append("<h1>").append(Html.escape(title)).append("</h1>");
        if (compliance != null) {
            html.append("<h2>Recovery objectives: measured against targets</h2><p>Overall: <b>").append(compliance.overall())
                    .append("</b> (evaluated ").append(Html.escape(compliance.at().toString())).append(")</p>");
            html.append("<table><tr><th>Component</th><th>Verdict</th><th>RPO</th><th>RTO</th><th>Basis</th><th>Why</th></tr>");
            for (ComponentCompliance c : compliance.components()) {
                html.append("<tr><td>").append(Html.escape(c.component())).append("</td><td>")
                        .append(Badge.svg("verdict", c.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), c.verdict()))
                        .append("</td><td>").append(Badge.svg("RPO", EvidenceFormat.measuredVsTarget(c.rpoSeconds(), c.targets().rpo()),
                                FigureVerdict.of(c.rpoSeconds(), c.targets().rpo())))
                        .append("</td><td>").append(Badge.svg("RTO", EvidenceFormat.measuredVsTarget(c.rtoSeconds(), c.targets().rto()),
                                FigureVerdict.of(c.rtoSeconds(), c.targets().rto())))
                        .append("</td><td>").append(Html.escape(c.rpoBasis())).append("</td><td>")
                        .append(Html.escape(String.join("; ", c.reasons()))).append("</td></tr>");
            }
            html.append("</table>");
        }
        table(html, "What ran", steps);
        table(html, "Drill phases", drillPhases);
        html.append("<p><small>Every figure on this page was measured during the run; none is assumed.</small></p></body></html>\n");
        return html.toString();
    }

    private static void table(StringBuilder html, String title, List<Step> rows) {
        if (rows.isEmpty()) {
            return;
        }
        html.append("<h2>").append(Html.escape(title)).append("</h2><table><tr><th>Step</th><th>Outcome</th><th class=\"num\">Time</th></tr>");
        for (Step s : rows) {
            html.append("<tr><td>").append(Html.escape(s.name())).append("</td><td>").append(Html.escape(s.outcome()))
                    .append("</td><td class=\"num\">").append(Html.escape(EvidenceFormat.seconds(s.seconds()))).append("</td></tr>");
        }
        html.append("</table>");
    }

    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
        return file;
    }
}
