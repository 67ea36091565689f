package hudson.util;

import java.util.ArrayList;
import java.util.Collection;
import org.kohsuke.stapler.HttpResponse;

/** Stub of Jenkins core {@code hudson.util.ListBoxModel}. */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public ListBoxModel() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public ListBoxModel(int initialCapacity) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public ListBoxModel(Collection<Option> c) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public ListBoxModel(Option... data) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public void add(String displayName, String value) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public ListBoxModel add(String nameAndValue) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    /** One entry of the list box. */
    public static final class Option {
        public String name;
        public String value;
        public boolean selected;

        public Option(String name, String value) {
            throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
        }

        public Option(String name) {
            throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
        }

        public Option(String name, String value, boolean selected) {
            throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
        }
    }
}
