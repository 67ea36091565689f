package jenkins;

/** Stub of Jenkins core {@code jenkins.YesNoMaybe}, the type of {@code Extension.dynamicLoadable()}. */
public enum YesNoMaybe {
    YES,
    NO,
    MAYBE
}
