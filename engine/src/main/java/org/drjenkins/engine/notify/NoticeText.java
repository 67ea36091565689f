package org.drjenkins.engine.notify;

/** The words every channel shows for a notice, so a drill is marked the same way on each. */
public final class NoticeText {

    public static final String DRILL_MARK = "[DRILL] ";
    public static final String DRILL_LINE = "DRILL: this notice is an exercise of the DR plan; no action is needed on production.";

    private NoticeText() {
    }

    /** The template's title, {@code [INCIDENT] Service - Description}, prefixed with {@code [DRILL] } in a drill. */
    public static String title(Notice notice) {
        return (notice.drill() ? DRILL_MARK : "") + notice.message().title();
    }

    /** The template's five lines (and details), after a line saying it is a drill when it is. */
    public static String text(Notice notice) {
        return (notice.drill() ? DRILL_LINE + "\n\n" : "") + notice.message().text();
    }

    /** Cut to at most {@code max} characters, ending in an ellipsis when cut (PagerDuty 1024, Opsgenie 130). */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
