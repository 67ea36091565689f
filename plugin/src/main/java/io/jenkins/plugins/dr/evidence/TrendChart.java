package io.jenkins.plugins.dr.evidence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.drjenkins.engine.compliance.Verdict;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.report.Badge;
import org.drjenkins.engine.report.Html;

/**
 * A server-side SVG chart of one component's measured RPO and RTO against their targets over recent builds: two
 * panels, each with the measured values as a line (broken where a build measured nothing), a point per
 * measurement coloured by that figure's verdict, and the target as a dashed red line. Rendered here rather than by a
 * charting plugin so the page needs no JavaScript and no further dependency; every text is escaped.
 */
public final class TrendChart {
    static final int WIDTH = 640;
    static final int PANEL_HEIGHT = 150;
    static final int GAP = 34;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 26;
    static final String TARGET_COLOUR = "#c62828";
    static final String LINE_COLOUR = "#1565c0";

    /** One measurement: the build that made it and what it measured. */
    public record Point(int build, Evidence evidence) {
    }

    private TrendChart() {
    }

    /** @param points oldest first */
    public static String svg(String component, List<Point> points) {
        int height = TOP + 2 * PANEL_HEIGHT + GAP + 24;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-family=\"Verdana,DejaVu Sans,sans-serif\""
                + " font-size=\"11\">", WIDTH, height, WIDTH, height, Html.escape("RPO and RTO of " + component)));
        svg.append("<title>").append(Html.escape("RPO and RTO of " + component + " over the last " + points.size()
                + " measurements")).append("</title>");
        if (points.isEmpty()) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(height / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#757575\">no measurements yet</text></svg>");
            return svg.toString();
        }
        panel(svg, "RPO", TOP, points, p -> p.evidence().rpoSeconds(), p -> p.evidence().rpoTargetSeconds());
        panel(svg, "RTO", TOP + PANEL_HEIGHT + GAP, points, p -> p.evidence().rtoSeconds(),
                p -> p.evidence().rtoTargetSeconds());
        return svg.append("</svg>").toString();
    }

    private static void panel(StringBuilder svg, String figure, int top, List<Point> points,
            Function<Point, Double> measured, Function<Point, Double> target) {
        double max = 0;
        for (Point point : points) {
            max = Math.max(max, target.apply(point));
            Double value = measured.apply(point);
            if (value != null) {
                max = Math.max(max, value);
            }
        }
        double scale = max <= 0 ? 1 : max * 1.15;
        int bottom = top + PANEL_HEIGHT;
        svg.append("<g class=\"").append(figure.toLowerCase(Locale.ROOT)).append("\">");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", LEFT, top - 8,
                Html.escape(figure + " (measured, with the target dashed)")));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9e9e9e\"/>",
                LEFT, bottom, WIDTH - RIGHT, bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9e9e9e\"/>",
                LEFT, top, LEFT, bottom));
        yLabel(svg, bottom, 0);
        yLabel(svg, y(scale / 1.15, scale, top), scale / 1.15);

        targetLine(svg, points, target, scale, top);

        List<List<String>> runs = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Double value = measured.apply(points.get(i));
            if (value == null) {
                if (!current.isEmpty()) {
                    runs.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            current.add(fmt(x(i, points.size())) + "," + fmt(y(value, scale, top)));
        }
        if (!current.isEmpty()) {
            runs.add(current);
        }
        for (List<String> run : runs) {
            svg.append("<polyline class=\"measured\" fill=\"none\" stroke=\"").append(LINE_COLOUR)
                    .append("\" stroke-width=\"2\" points=\"").append(String.join(" ", run)).append("\"/>");
        }
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            Double value = measured.apply(point);
            if (value != null) {
                // Each panel colours a point by its own figure: an RPO point is not red because the RTO missed.
                Verdict verdict = Verdicts.figure(value, target.apply(point));
                svg.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\">",
                        fmt(x(i, points.size())), fmt(y(value, scale, top)), Badge.colour(verdict)));
                svg.append("<title>").append(Html.escape("#" + point.build() + " " + point.evidence().kind().label()
                        + ": " + figure + " " + human(value) + " / " + human(target.apply(point)) + " ("
                        + verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"))
                        .append("</title></circle>");
            }
        }
        xLabels(svg, points, bottom);
        svg.append("</g>");
    }

    /** The target as steps: it may change between builds when the plan changes. */
    private static void targetLine(StringBuilder svg, List<Point> points, Function<Point, Double> target,
            double scale, int top) {
        List<String> corners = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double value = target.apply(points.get(i));
            double left = points.size() == 1 ? LEFT : x(i, points.size()) - (i == 0 ? 0 : step(points.size()) / 2);
            double right = points.size() == 1 ? WIDTH - RIGHT
                    : x(i, points.size()) + (i == points.size() - 1 ? 0 : step(points.size()) / 2);
            corners.add(fmt(left) + "," + fmt(y(value, scale, top)));
            corners.add(fmt(right) + "," + fmt(y(value, scale, top)));
        }
        svg.append("<polyline class=\"target\" fill=\"none\" stroke=\"").append(TARGET_COLOUR)
                .append("\" stroke-dasharray=\"6 4\" points=\"").append(String.join(" ", corners)).append("\"/>");
        double last = target.apply(points.get(points.size() - 1));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" fill=\"%s\">%s</text>",
                WIDTH - RIGHT, fmt(y(last, scale, top) - 4), TARGET_COLOUR, Html.escape("target " + human(last))));
    }

    private static void xLabels(StringBuilder svg, List<Point> points, int bottom) {
        int every = Math.max(1, (int) Math.ceil(points.size() / 10.0));
        for (int i = 0; i < points.size(); i++) {
            if (i % every == 0 || i == points.size() - 1) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\" fill=\"#616161\">%s</text>",
                        fmt(x(i, points.size())), bottom + 14, Html.escape("#" + points.get(i).build())));
            }
        }
    }

    private static void yLabel(StringBuilder svg, double y, double seconds) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\" fill=\"#616161\">%s</text>",
                LEFT - 6, fmt(y + 4), Html.escape(human(seconds))));
    }

    static double x(int index, int count) {
        if (count == 1) {
            return LEFT + (WIDTH - LEFT - RIGHT) / 2.0;
        }
        return LEFT + 8 + index * step(count);
    }

    private static double step(int count) {
        return (WIDTH - LEFT - RIGHT - 16) / (double) (count - 1);
    }

    static double y(double value, double scale, int top) {
        return top + PANEL_HEIGHT - value / scale * PANEL_HEIGHT;
    }

    private static String human(double seconds) {
        return Durations.format(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
