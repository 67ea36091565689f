package hudson;

/** Stub of Jenkins core {@code hudson.ExtensionPoint} (marker). */
public interface ExtensionPoint {
}
