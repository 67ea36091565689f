package hudson.util;

import hudson.model.Run;
import java.util.AbstractList;

/** Stub of Jenkins core {@code hudson.util.RunList}, the return type of {@code Job.getBuilds()}. */
@SuppressWarnings("rawtypes")
public class RunList<R extends Run> extends AbstractList<R> {
    public RunList() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public R get(int index) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
