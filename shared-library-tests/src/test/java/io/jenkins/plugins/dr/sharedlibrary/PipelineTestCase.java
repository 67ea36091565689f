package io.jenkins.plugins.dr.sharedlibrary;

import static com.lesfurets.jenkins.unit.MethodSignature.method;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration;
import com.lesfurets.jenkins.unit.global.lib.LocalSource;
import groovy.lang.Closure;
import groovy.lang.GString;
import groovy.lang.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/**
 * Runs the repository's vars/, Jenkinsfile and examples under JenkinsPipelineUnit with every step they use replaced
 * by a recorder: the four dr steps return Maps shaped like the plugin's contract, the Jenkins steps do nothing.
 * No Jenkins runs here: the tests prove what the scripts call, in which order, with which arguments, and what they do
 * with the results and failures.
 */
public abstract class PipelineTestCase extends BasePipelineTest {

    /** The repository root, which is also the shared library (vars/ at its top). */
    protected static final Path REPO = Paths.get(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    /** The name examples use in {@code @Library('disaster-recovery') _}. */
    protected static final String LIBRARY = "disaster-recovery";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    /** Every recorded step call, in the order the pipeline made them. */
    protected final List<StepCall> calls = new ArrayList<>();

    private final Map<String, Function<Object[], Object>> overrides = new HashMap<>();

    protected final Map<String, Object> env = new LinkedHashMap<>();
    protected final Map<String, Object> params = new LinkedHashMap<>();

    @Before
    public void setUpPipeline() throws Exception {
        setScriptRoots(REPO.toString());
        setBaseScriptRoot(REPO.toString());
        setScriptExtension("groovy");
        getHelper().registerSharedLibrary(library());
        setUp();
        env.put("JOB_NAME", "dr/nightly-backup");
        env.put("BUILD_URL", "https://jenkins.example.com/job/dr/job/nightly-backup/7/");
        getBinding().setVariable("env", env);
        getBinding().setVariable("params", params);
        registerDrSteps();
        registerJenkinsSteps();
    }

    /** The repository as library {@value #LIBRARY}: LocalSource expects a {@code <dir>/<name>@<version>} folder. */
    private LibraryConfiguration library() throws Exception {
        Path libraries = temp.newFolder("libraries").toPath();
        Files.createSymbolicLink(libraries.resolve(LIBRARY + "@main"), REPO);
        LibraryConfiguration library = new LibraryConfiguration();
        library.setName(LIBRARY);
        library.setDefaultVersion("main");
        library.setAllowOverride(true);
        library.setImplicit(false);
        library.setRetriever(LocalSource.localSource(libraries.toString()));
        library.setTargetPath(libraries.toString());
        return library.validate();
    }

    private void registerDrSteps() {
        step("drBackup", List.of(Map.class), a -> Canned.backup((String) named(a).get("component")));
        step("drVerifyRestore", List.of(Map.class), a -> {
            Map<String, Object> args = named(a);
            String backup = String.valueOf(args.get("backup"));
            return Canned.verification((String) args.get("component"), backup, true, true);
        });
        step("drFailover", List.of(Map.class), a -> {
            Map<String, Object> args = named(a);
            String to = (String) args.get("to");
            return Boolean.TRUE.equals(args.get("dryRun"))
                    ? Canned.failoverDryRun(to, false)
                    : Canned.failover(to, Boolean.TRUE.equals(args.get("force")));
        });
        step("drDrill", List.of(Map.class), a -> {
            Map<String, Object> args = named(a);
            return Canned.drill((String) args.get("scenario"), (String) args.get("junit"), (String) args.get("markdown"));
        });
        step("drCompliance", List.of(Map.class), a -> Canned.compliance("COMPLIANT"));
        step("drIncident", List.of(Map.class), a -> {
            Map<String, Object> args = named(a);
            return "status".equals(args.get("action")) && args.get("id") == null ? Canned.map("incidents", List.of())
                    : Canned.incident((String) args.get("id"), "primaryUnreachable", (String) args.get("by"));
        });
    }

    private void registerJenkinsSteps() {
        for (Class<?> text : List.of(String.class, GString.class)) {
            step("echo", List.of(text), a -> null);
            step("error", List.of(text), a -> {
                throw new StepAbort(String.valueOf(a[0]));
            });
            step("sh", List.of(text), a -> null);
            step("input", List.of(text), a -> null);
            step("junit", List.of(text), a -> null);
            step("archiveArtifacts", List.of(text), a -> null);
            step("cron", List.of(text), a -> null);
        }
        for (String name : List.of("junit", "archiveArtifacts", "input", "mail", "sh", "timeout", "logRotator")) {
            step(name, List.of(Map.class), a -> null);
        }
        for (String name : List.of("properties", "pipelineTriggers")) {
            step(name, List.of(List.class), a -> null);
        }
        step("buildDiscarder", List.of(Object.class), a -> null);
        step("disableConcurrentBuilds", List.of(), a -> null);
        step("timeout", List.of(Map.class, Closure.class), a -> body(a, 1).call());
        step("node", List.of(Closure.class), a -> body(a, 0).call());
        step("node", List.of(String.class, Closure.class), a -> body(a, 1).call());
        step("stage", List.of(String.class, Closure.class), a -> body(a, 1).call());
        step("stage", List.of(GString.class, Closure.class), a -> body(a, 1).call());
        step("script", List.of(Closure.class), a -> body(a, 0).call());
        step("catchError", List.of(Map.class, Closure.class), a -> {
            try {
                return body(a, 1).call();
            } catch (RuntimeException failure) {
                // Like Jenkins: the body's failure is logged and lowers the build (and stage) result; the pipeline goes on.
                worsenResult(String.valueOf(named(a).getOrDefault("buildResult", "FAILURE")));
                return null;
            }
        });
    }

    /**
     * Records every call to {@code name} with this signature, then answers with the test's override for the step
     * (see {@link #when}) or else with {@code standard}. Registering an existing signature replaces it.
     */
    protected final void step(String name, List<Class<?>> signature, Function<Object[], Object> standard) {
        Function<Object, Object> recorder = params -> {
            Object[] args = params == null ? new Object[0]
                    : signature.size() > 1 ? (Object[]) params
                    : new Object[] {params};
            calls.add(StepCall.of(name, args));
            return overrides.getOrDefault(name, standard).apply(args);
        };
        getHelper().registerAllowedMethod(method(name, signature.toArray(new Class<?>[0])), recorder);
    }

    /** Makes every later call to {@code step} behave as given (return a Map, or throw a StepAbort). */
    protected final void when(String step, Function<Object[], Object> behaviour) {
        overrides.put(step, behaviour);
    }

    /** Makes {@code step} fail like a step that throws hudson.AbortException. */
    protected final void failing(String step, String message) {
        when(step, a -> {
            throw new StepAbort(message);
        });
    }

    /** Loads vars/NAME.groovy and calls it with the given named arguments, as {@code NAME(key: value)} does. */
    protected final Object runVar(String name, Map<String, Object> args) {
        Script script = loadScript("vars/" + name + ".groovy");
        return script.invokeMethod("call", new Object[] {args});
    }

    /** Loads vars/NAME.groovy and calls it without arguments, as {@code NAME()} does. */
    protected final Object runVar(String name) {
        Script script = loadScript("vars/" + name + ".groovy");
        return script.invokeMethod("call", new Object[0]);
    }

    protected final List<StepCall> callsTo(String step) {
        return calls.stream().filter(c -> c.step().equals(step)).collect(Collectors.toList());
    }

    protected final StepCall onlyCallTo(String step) {
        List<StepCall> found = callsTo(step);
        if (found.size() != 1) {
            throw new AssertionError("expected one call to " + step + " but got " + found + " in " + calls);
        }
        return found.get(0);
    }

    /** The names of the calls to any of the given steps, in the order they were made. */
    protected final List<String> sequenceOf(String... steps) {
        Set<String> wanted = Set.of(steps);
        return calls.stream().map(StepCall::step).filter(wanted::contains).collect(Collectors.toList());
    }

    protected final String buildResult() {
        return String.valueOf(currentBuild().get("result"));
    }

    /** Lowers the build result like Jenkins does: a result never improves (SUCCESS > UNSTABLE > FAILURE). */
    protected final void worsenResult(String result) {
        List<String> order = List.of("SUCCESS", "UNSTABLE", "FAILURE", "ABORTED");
        String current = buildResult();
        if (order.indexOf(result) > order.indexOf(current)) {
            currentBuild().put("result", result);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> currentBuild() {
        return (Map<String, Object>) getBinding().getVariable("currentBuild");
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> named(Object[] args) {
        return (Map<String, Object>) args[0];
    }

    protected static Closure<?> body(Object[] args, int index) {
        return (Closure<?>) args[index];
    }
}
