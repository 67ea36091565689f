package hudson.model;

import hudson.EnvVars;
import hudson.ExtensionPoint;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;

/** Stub of Jenkins core {@code hudson.model.Run} (other real supertypes left out). */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>>
        extends Actionable implements ExtensionPoint, AccessControlled {

    protected Run(JobT job) throws IOException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public JobT getParent() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getId() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public final long getTimeInMillis() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public final long getStartTimeInMillis() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public long getDuration() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public Result getResult() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public void setResult(Result r) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getUrl() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static Run<?, ?> fromExternalizableId(String id) throws IllegalArgumentException, AccessDeniedException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public EnvVars getEnvironment(TaskListener listener) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public RunT getPreviousBuild() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public List<BuildBadgeAction> getBadgeActions() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public void addAction(Action a) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
