package hudson.model;

/** Stub of Jenkins core {@code hudson.model.Describable}; getDescriptor() is abstract in 2.479. */
public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
