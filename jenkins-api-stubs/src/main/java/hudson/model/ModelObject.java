package hudson.model;

/** Stub of Jenkins core {@code hudson.model.ModelObject}. */
public interface ModelObject {
    String getDisplayName();
}
