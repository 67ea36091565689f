package hudson.model;

import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.File;

/** Stub of Jenkins core {@code hudson.model.AbstractItem} (other real supertypes left out). */
public abstract class AbstractItem extends Actionable implements Item, AccessControlled {
    @SuppressWarnings("rawtypes")
    protected AbstractItem(ItemGroup parent, String name) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public String getName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public final String getFullName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public final String getFullDisplayName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public final String getUrl() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getDescription() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
