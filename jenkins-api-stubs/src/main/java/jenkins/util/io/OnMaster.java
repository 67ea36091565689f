package jenkins.util.io;

/** Stub of Jenkins core {@code jenkins.util.io.OnMaster} (marker). */
public interface OnMaster {
}
