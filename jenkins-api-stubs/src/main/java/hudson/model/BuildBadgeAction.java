package hudson.model;

/** Stub of Jenkins core {@code hudson.model.BuildBadgeAction} (marker; rendered with badge.jelly). */
public interface BuildBadgeAction extends Action {
}
