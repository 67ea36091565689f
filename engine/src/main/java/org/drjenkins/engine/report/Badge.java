package org.drjenkins.engine.report;

import java.util.Locale;
import org.drjenkins.engine.compliance.Verdict;

/**
 * A flat two-part SVG badge ("RPO | 3m12s / 5m"), coloured by verdict. Rendered here rather than fetched from a badge
 * service: reports and Jenkins pages must work offline and never leak job names to a third party.
 */
public final class Badge {

    private static final int CHAR_WIDTH = 7;
    private static final int PADDING = 10;

    private Badge() {
    }

    public static String svg(String label, String value, Verdict verdict) {
        int labelWidth = label.length() * CHAR_WIDTH + PADDING;
        int valueWidth = value.length() * CHAR_WIDTH + PADDING;
        int width = labelWidth + valueWidth;
        String colour = colour(verdict);
        return String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">\
                <title>%s: %s (%s)</title>\
                <rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/>\
                <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\
                <text x="%d" y="14">%s</text><text x="%d" y="14">%s</text></g></svg>""",
                width, Html.escape(label), Html.escape(value), Html.escape(label), Html.escape(value), verdict.name(),
                labelWidth, labelWidth, valueWidth, colour, labelWidth / 2, Html.escape(label), labelWidth + valueWidth / 2, Html.escape(value));
    }

    /** Green compliant, amber at risk, red violated, grey without evidence, brown stale. */
    public static String colour(Verdict verdict) {
        return switch (verdict) {
            case COMPLIANT -> "#2e7d32";
            case AT_RISK -> "#f9a825";
            case VIOLATED -> "#c62828";
            case NO_EVIDENCE -> "#757575";
            case STALE -> "#6d4c41";
        };
    }
}
