package io.jenkins.plugins.dr.testing;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.File;
import java.util.List;
import org.jenkinsci.plugins.workflow.libs.GlobalLibraries;
import org.jenkinsci.plugins.workflow.libs.LibraryConfiguration;
import org.jenkinsci.plugins.workflow.libs.LibraryRetriever;
import org.jenkinsci.plugins.workflow.libs.LibraryRetrieverDescriptor;

/**
 * This checkout's {@code vars/} (and {@code src/}, {@code resources/} where present) as a global Pipeline shared
 * library, so that tests run the library exactly as it is in the working tree. There is no git plugin here, so the
 * retriever copies the directories instead of checking them out; everything after retrieval (compilation, trust as
 * a global library, the global variable reference) is pipeline-groovy-lib's own.
 */
public final class CheckoutLibrary extends LibraryRetriever {
    /** The name the examples in docs/examples load with {@code @Library('disaster-recovery') _}. */
    public static final String NAME = "disaster-recovery";
    private static final List<String> DIRECTORIES = List.of("vars", "src", "resources");

    private final String root;

    public CheckoutLibrary(File root) {
        this.root = root.getAbsolutePath();
    }

    /** The repository root the plugin pom passes to surefire as {@code dr.repoRoot}. */
    public static File repositoryRoot() {
        return new File(System.getProperty("dr.repoRoot", "..")).getAbsoluteFile();
    }

    /** Registers the checkout as the global library {@link #NAME}, loaded explicitly (not implicit), like a user's. */
    public static LibraryConfiguration install() {
        LibraryConfiguration library = new LibraryConfiguration(NAME, new CheckoutLibrary(repositoryRoot()));
        library.setDefaultVersion("checkout");
        library.setImplicit(false);
        GlobalLibraries.get().setLibraries(List.of(library));
        return library;
    }

    @Override
    public void retrieve(@NonNull String name, @NonNull String version, boolean changelog, @NonNull FilePath target,
            @NonNull Run<?, ?> run, @NonNull TaskListener listener) throws Exception {
        retrieve(name, version, target, run, listener);
    }

    @Override
    public void retrieve(@NonNull String name, @NonNull String version, @NonNull FilePath target,
            @NonNull Run<?, ?> run, @NonNull TaskListener listener) throws Exception {
        int copied = 0;
        for (String directory : DIRECTORIES) {
            FilePath source = new FilePath(new File(root, directory));
            if (source.isDirectory()) {
                copied += source.copyRecursiveTo(target.child(directory));
            }
        }
        if (copied == 0) {
            throw new IllegalStateException(root + " has no vars/, src/ or resources/ to load as library " + name);
        }
        listener.getLogger().println("Library " + name + ": " + copied + " files copied from " + root);
    }

    /** Needed because a retriever is a Describable; it is not offered in the UI beyond the tests' Jenkins. */
    @Extension
    public static final class DescriptorImpl extends LibraryRetrieverDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "This checkout's directories (tests only)";
        }
    }
}
