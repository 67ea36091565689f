package hudson.model;

import jenkins.model.Loadable;
import jenkins.util.io.OnMaster;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;

/** Stub of Jenkins core {@code hudson.model.Descriptor}. */
public abstract class Descriptor<T extends Describable<T>> implements Loadable, Saveable, OnMaster {
    public final transient Class<? extends T> clazz;

    protected Descriptor(Class<? extends T> clazz) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    protected Descriptor() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getId() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public T newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getHelpFile() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getHelpFile(String fieldName) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getConfigPage() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getGlobalConfigPage() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public synchronized void save() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public synchronized void load() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @SuppressWarnings("rawtypes")
    protected static Class self() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    /** A form submission problem, reported against one field. */
    public static final class FormException extends Exception implements HttpResponse {
        private static final long serialVersionUID = 1L;

        public FormException(String message, String formField) {
            throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
        }

        public FormException(String message, Throwable cause, String formField) {
            throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
        }

        public FormException(Throwable cause, String formField) {
            throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
        }

        public String getFormField() {
            throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
        }
    }
}
