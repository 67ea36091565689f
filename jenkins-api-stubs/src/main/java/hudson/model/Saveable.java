package hudson.model;

import java.io.IOException;

/** Stub of Jenkins core {@code hudson.model.Saveable}. */
public interface Saveable {
    void save() throws IOException;
}
