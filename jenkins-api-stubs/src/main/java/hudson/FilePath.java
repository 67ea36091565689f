package hudson;

import hudson.remoting.Callable;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import org.jenkinsci.remoting.RoleSensitive;

/**
 * Stub of Jenkins core {@code hudson.FilePath} (final). The real class implements
 * {@code SerializableOnlyOverRemoting}, a {@link Serializable}.
 */
public final class FilePath implements Serializable {
    private static final long serialVersionUID = 1L;

    public FilePath(File localPath) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public FilePath(FilePath base, String rel) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public String getName() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean isRemote() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public VirtualChannel getChannel() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public <V, E extends Throwable> V act(Callable<V, E> callable) throws IOException, InterruptedException, E {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    /** Code run on the machine where the file is. */
    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
