package io.jenkins.plugins.dr.sharedlibrary;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One call a pipeline made to a step, with its arguments as the script passed them. */
public record StepCall(String step, List<Object> args) {

    /** The named arguments of a step called as {@code step(key: value, ...)}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> namedArgs() {
        if (args.isEmpty() || !(args.get(0) instanceof Map)) {
            throw new AssertionError(step + " was not called with named arguments: " + args);
        }
        return (Map<String, Object>) args.get(0);
    }

    /** The first positional argument as text, e.g. the script of {@code sh 'make'} or a GString message. */
    public String text() {
        return args.isEmpty() ? "" : String.valueOf(args.get(0));
    }

    static StepCall of(String step, Object[] args) {
        return new StepCall(step, Arrays.asList(args));
    }

    @Override
    public String toString() {
        return step + args;
    }
}
