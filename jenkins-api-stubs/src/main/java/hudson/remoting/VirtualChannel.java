package hudson.remoting;

import java.io.IOException;

/** Stub of Jenkins remoting {@code hudson.remoting.VirtualChannel}. */
public interface VirtualChannel {
    <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException;

    void close() throws IOException;
}
