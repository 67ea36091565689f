package jenkins.model;

import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;
import java.util.List;

/**
 * Stub of Jenkins core {@code jenkins.model.Jenkins} (other real supertypes left out). The permission
 * constants are placeholders read at run time. In the plugin only {@code JenkinsFacade} may call {@link #get()}.
 */
public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = null;
    public static final Permission MANAGE = null;
    public static final Permission READ = null;

    /** The real constructor is never called by plugins. */
    private Jenkins() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static Jenkins getInstanceOrNull() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getRootUrl() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public <T extends Item> List<T> getAllItems(Class<T> type) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
