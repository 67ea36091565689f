package jenkins.model;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Stub of Jenkins core {@code jenkins.model.GlobalConfiguration}. There is no {@code get(Class)}: look an
 * instance up with {@code ExtensionList.lookupSingleton(X.class)}.
 */
public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
        implements ExtensionPoint, Describable<GlobalConfiguration> {

    protected GlobalConfiguration() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public final Descriptor<GlobalConfiguration> getDescriptor() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public String getGlobalConfigPage() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    /** Binds the submitted form with {@code req.bindJSON(this, json)}; does not save. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static ExtensionList<GlobalConfiguration> all() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
