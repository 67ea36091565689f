package hudson;

import java.util.AbstractList;
import jenkins.util.io.OnMaster;

/** Stub of Jenkins core {@code hudson.ExtensionList}. */
public class ExtensionList<T> extends AbstractList<T> implements OnMaster {
    /** Real constructors take a Jenkins instance; this type is never instantiated here. */
    private ExtensionList() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static <T> ExtensionList<T> lookup(Class<T> type) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
