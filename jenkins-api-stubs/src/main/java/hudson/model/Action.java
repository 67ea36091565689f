package hudson.model;

/**
 * Stub of Jenkins core {@code hudson.model.Action}. All three members are kept abstract here so that every
 * implementation in the plugin declares them, whatever default a given core version has.
 */
public interface Action extends ModelObject {
    String getIconFileName();

    @Override
    String getDisplayName();

    String getUrlName();
}
