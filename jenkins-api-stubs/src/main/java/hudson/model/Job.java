package hudson.model;

import hudson.ExtensionPoint;
import hudson.util.RunList;
import java.io.File;

/** Stub of Jenkins core {@code hudson.model.Job} (other real supertypes left out). */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>>
        extends AbstractItem implements ExtensionPoint {

    @SuppressWarnings("rawtypes")
    protected Job(ItemGroup parent, String name) {
        super(parent, name);
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public RunT getLastSuccessfulBuild() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public RunT getLastCompletedBuild() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public RunT getLastFailedBuild() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public RunT getBuildByNumber(int n) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public RunList<RunT> getBuilds() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public File getBuildDir() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
