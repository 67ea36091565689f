package io.jenkins.plugins.dr.library;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousStepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A stand-in for the junit plugin's {@code junit} step, which is not available here: the shared library publishes
 * the drill's JUnit report with it. It takes the same two parameters the library passes, reads the report from the
 * workspace and prints its totals ({@code [junit] dr-drill.xml: 9 tests, 0 failures}), so that a test can see that
 * the library published the report the drill wrote. A test class that needs it nests a subclass with a
 * {@code @DataBoundConstructor} and, inside that, a {@code @TestExtension} subclass of {@link Descriptor} (a step's
 * descriptor must be nested in its step, and a test extension in its test class).
 */
public abstract class JunitStandIn extends Step {
    private static final Pattern TOTALS = Pattern.compile("<testsuite\\b[^>]*?\\btests=\"(\\d+)\"[^>]*?\\bfailures=\"(\\d+)\"");

    private final String testResults;
    private boolean allowEmptyResults;

    protected JunitStandIn(String testResults) {
        this.testResults = testResults;
    }

    public String getTestResults() {
        return testResults;
    }

    public boolean isAllowEmptyResults() {
        return allowEmptyResults;
    }

    @DataBoundSetter
    public void setAllowEmptyResults(boolean allowEmptyResults) {
        this.allowEmptyResults = allowEmptyResults;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, testResults, allowEmptyResults);
    }

    private static final class Execution extends SynchronousStepExecution<Void> {
        private static final long serialVersionUID = 1L;
        private final String testResults;
        private final boolean allowEmptyResults;

        Execution(StepContext context, String testResults, boolean allowEmptyResults) {
            super(context);
            this.testResults = testResults;
            this.allowEmptyResults = allowEmptyResults;
        }

        @Override
        protected Void run() throws Exception {
            FilePath report = getContext().get(FilePath.class).child(testResults);
            TaskListener listener = getContext().get(TaskListener.class);
            if (!report.exists()) {
                if (!allowEmptyResults) {
                    throw new AbortException("[junit] no test report " + testResults);
                }
                listener.getLogger().println("[junit] " + testResults + ": no report");
                return null;
            }
            Matcher totals = TOTALS.matcher(report.readToString());
            listener.getLogger().println("[junit] " + testResults + ": "
                    + (totals.find() ? totals.group(1) + " tests, " + totals.group(2) + " failures" : "no testsuite"));
            return null;
        }
    }

    /** Subclassed by each test class that needs the step, annotated {@code @TestExtension}. */
    public abstract static class Descriptor extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "junit";
        }

        @Override
        public String getDisplayName() {
            return "junit stand-in (tests only)";
        }
    }
}
