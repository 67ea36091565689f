package hudson.model;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.security.Permission;

/** Stub of Jenkins core {@code hudson.model.ManagementLink} (an abstract class, not an interface). */
public abstract class ManagementLink implements ExtensionPoint, Action {
    @Override
    public abstract String getIconFileName();

    public String getDescription() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public abstract String getUrlName();

    public boolean getRequiresConfirmation() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static ExtensionList<ManagementLink> all() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public Permission getRequiredPermission() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean getRequiresPOST() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public Category getCategory() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    /** Sections of the Manage Jenkins page. */
    public enum Category {
        CONFIGURATION,
        SECURITY,
        STATUS,
        TROUBLESHOOTING,
        TOOLS,
        MISC,
        UNCATEGORIZED;

        public String getLabel() {
            throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
        }
    }
}
