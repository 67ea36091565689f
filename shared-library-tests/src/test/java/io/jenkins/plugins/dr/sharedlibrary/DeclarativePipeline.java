package io.jenkins.plugins.dr.sharedlibrary;

import groovy.lang.Closure;
import groovy.lang.GString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * Just enough of Declarative Pipeline to run this repository's declarative Jenkinsfiles under JenkinsPipelineUnit 1.1,
 * which has none (the version that has it is not on Maven Central). Hand-written for that reason, and kept to the
 * directives those files use: pipeline, agent, options, parameters (booleanParam, choice, string), triggers, stages,
 * stage, when { expression }, steps, script and post (always, success, unstable, failure, unsuccessful, cleanup).
 * Anything else fails the test loudly rather than being skipped.
 * Semantics followed: parameters take their defaults unless the test set a value; stages run in order; a stage whose
 * when is false is skipped; after a failing stage the remaining stages are skipped; post runs last, also on failure.
 */
final class DeclarativePipeline {

    private final PipelineTestCase test;
    private final Map<String, Object> params;
    private final Deque<Object> sections = new ArrayDeque<>();

    final List<String> stagesRun = new ArrayList<>();
    final List<String> stagesSkipped = new ArrayList<>();
    private RuntimeException failure;

    private static final class PipelineSection {
        Closure<?> stages;
        Closure<?> post;
    }

    private static final class StagesSection {
    }

    private static final class StageSection {
        Closure<?> when;
        Closure<?> steps;
        Closure<?> post;
    }

    private static final class ParametersSection {
        final Map<String, Object> defaults = new LinkedHashMap<>();
    }

    private static final class WhenSection {
        boolean allTrue = true;
    }

    private static final class PostSection {
        final Map<String, Closure<?>> conditions = new LinkedHashMap<>();
    }

    private DeclarativePipeline(PipelineTestCase test, Map<String, Object> params) {
        this.test = test;
        this.params = params;
    }

    /** Registers the directives on the test's helper; scripted {@code stage} keeps working outside {@code stages}. */
    static DeclarativePipeline install(PipelineTestCase test, Map<String, Object> params) {
        DeclarativePipeline pipeline = new DeclarativePipeline(test, params);
        pipeline.register();
        test.getBinding().setVariable("any", "any");
        test.getBinding().setVariable("none", "none");
        return pipeline;
    }

    private void register() {
        directive("pipeline", a -> pipeline(PipelineTestCase.body(a, 0)));
        test.step("agent", List.of(Object.class), a -> null);
        for (String name : List.of("options", "triggers", "tools")) {
            directive(name, a -> PipelineTestCase.body(a, 0).call());
        }
        directive("parameters", a -> parameters(PipelineTestCase.body(a, 0)));
        for (String type : List.of("booleanParam", "choice", "string")) {
            test.step(type, List.of(Map.class), a -> parameter(type, PipelineTestCase.named(a)));
        }
        directive("stages", a -> section(PipelineSection.class, "stages", s -> s.stages = PipelineTestCase.body(a, 0)));
        for (Class<?> name : List.of(String.class, GString.class)) {
            test.step("stage", List.of(name, Closure.class), a -> stage(String.valueOf(a[0]), PipelineTestCase.body(a, 1)));
        }
        directive("when", a -> section(StageSection.class, "when", s -> s.when = PipelineTestCase.body(a, 0)));
        directive("steps", a -> section(StageSection.class, "steps", s -> s.steps = PipelineTestCase.body(a, 0)));
        directive("expression", a -> section(WhenSection.class, "expression",
                s -> s.allTrue &= DefaultTypeTransformation.castToBoolean(PipelineTestCase.body(a, 0).call())));
        directive("post", a -> post(PipelineTestCase.body(a, 0)));
        for (String condition : List.of("always", "success", "unstable", "failure", "unsuccessful", "cleanup")) {
            directive(condition, a -> section(PostSection.class, condition,
                    s -> s.conditions.put(condition, PipelineTestCase.body(a, 0))));
        }
    }

    private void directive(String name, Function<Object[], Object> behaviour) {
        test.step(name, List.of(Closure.class), behaviour);
    }

    /** Applies {@code change} to the innermost open section, which must be a {@code type}. */
    private <T> Object section(Class<T> type, String directive, Consumer<T> change) {
        Object current = sections.peek();
        if (!type.isInstance(current)) {
            throw new UnsupportedOperationException(directive + " is not supported here by this test's Declarative "
                    + "Pipeline (inside " + (current == null ? "nothing" : current.getClass().getSimpleName()) + ")");
        }
        change.accept(type.cast(current));
        return null;
    }

    private Object pipeline(Closure<?> body) {
        PipelineSection pipeline = new PipelineSection();
        within(pipeline, body);
        if (pipeline.stages == null) {
            throw new AssertionError("pipeline has no stages");
        }
        try {
            within(new StagesSection(), pipeline.stages);
        } finally {
            runPost(pipeline.post);
        }
        if (failure != null) {
            throw failure;
        }
        return null;
    }

    private Object parameters(Closure<?> body) {
        ParametersSection parameters = new ParametersSection();
        within(parameters, body);
        // Values the test chose win over the defaults, like a build started with parameters.
        parameters.defaults.forEach(params::putIfAbsent);
        return null;
    }

    private Object parameter(String type, Map<String, Object> definition) {
        return section(ParametersSection.class, type, s -> {
            Object value = definition.get("defaultValue");
            if ("choice".equals(type)) {
                Object choices = definition.get("choices");
                value = choices instanceof List<?> list ? list.get(0) : String.valueOf(choices).split("\n")[0];
            }
            s.defaults.put(String.valueOf(definition.get("name")), value);
        });
    }

    private Object stage(String name, Closure<?> body) {
        if (!(sections.peek() instanceof StagesSection)) {
            return body.call(); // a scripted stage
        }
        if (failure != null) {
            stagesSkipped.add(name);
            return null;
        }
        StageSection stage = new StageSection();
        within(stage, body);
        WhenSection when = new WhenSection();
        if (stage.when != null) {
            within(when, stage.when);
        }
        if (!when.allTrue) {
            stagesSkipped.add(name);
            return null;
        }
        stagesRun.add(name);
        try {
            if (stage.steps == null) {
                throw new AssertionError("stage '" + name + "' has no steps");
            }
            within(null, stage.steps);
        } catch (RuntimeException stageFailure) {
            failure = stageFailure;
            test.worsenResult("FAILURE");
        } finally {
            runPost(stage.post);
        }
        return null;
    }

    private Object post(Closure<?> body) {
        Object current = sections.peek();
        if (current instanceof PipelineSection pipeline) {
            pipeline.post = body;
        } else if (current instanceof StageSection stage) {
            stage.post = body;
        } else {
            throw new UnsupportedOperationException("post is only supported in pipeline and stage");
        }
        return null;
    }

    /** Runs the conditions that apply to the build result, in Jenkins' order whatever the order written. */
    private void runPost(Closure<?> body) {
        if (body == null) {
            return;
        }
        PostSection post = new PostSection();
        within(post, body);
        String result = test.buildResult();
        Map<String, Boolean> applies = new LinkedHashMap<>();
        applies.put("always", true);
        applies.put("failure", result.equals("FAILURE"));
        applies.put("success", result.equals("SUCCESS"));
        applies.put("unstable", result.equals("UNSTABLE"));
        applies.put("unsuccessful", !result.equals("SUCCESS"));
        applies.put("cleanup", true);
        applies.forEach((condition, applied) -> {
            if (applied && post.conditions.containsKey(condition)) {
                within(null, post.conditions.get(condition));
            }
        });
    }

    /** Runs a directive's body with {@code section} open (null: plain steps, where no directive is allowed). */
    private void within(Object section, Closure<?> body) {
        sections.push(section == null ? new Object() : section);
        try {
            body.call();
        } finally {
            sections.pop();
        }
    }
}
