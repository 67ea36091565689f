package org.drjenkins.engine.config;

import java.util.List;

/**
 * A configuration that cannot be used, with every problem found in it (not just the first), so that one edit can fix
 * them all. The CLI exits with code 2 on it.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final transient List<ConfigProblem> problems;

    public ConfigException(String sourceName, List<ConfigProblem> problems) {
        super(describe(sourceName, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.sourceName = sourceName;
        this.problems = List.copyOf(problems);
    }

    /** Where the configuration came from, e.g. {@code /etc/dr/dr.yaml} or {@code Jenkins configuration}. */
    public String sourceName() {
        return sourceName;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(String sourceName, List<ConfigProblem> problems) {
        StringBuilder text = new StringBuilder(sourceName).append(" has ").append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        for (ConfigProblem problem : problems) {
            text.append('\n').append("  ").append(problem);
        }
        return text.toString();
    }
}
