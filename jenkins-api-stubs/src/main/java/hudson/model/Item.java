package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.IOException;

/**
 * Stub of Jenkins core {@code hudson.model.Item} (other real supertypes left out). The permission constants
 * are placeholders: they are not compile-time constants, so callers read the real fields at run time.
 */
public interface Item extends AccessControlled {
    Permission CREATE = null;
    Permission DELETE = null;
    Permission CONFIGURE = null;
    Permission READ = null;
    Permission EXTENDED_READ = null;
    Permission BUILD = null;
    Permission WORKSPACE = null;

    String getName();

    String getFullName();

    String getDisplayName();

    String getFullDisplayName();

    String getUrl();

    void save() throws IOException;
}
