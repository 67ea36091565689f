package hudson.model;

/** Stub of Jenkins core {@code hudson.model.ItemGroup} (other real supertypes left out). */
public interface ItemGroup<T extends Item> {
    String getFullName();

    String getFullDisplayName();
}
