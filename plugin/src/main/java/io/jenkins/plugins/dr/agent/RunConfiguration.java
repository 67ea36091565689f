package io.jenkins.plugins.dr.agent;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drjenkins.engine.config.ConfigException;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.ConfigProblem;
import org.drjenkins.engine.config.DrConfig;

/**
 * The plan a step runs with, as data: the global configuration rendered as dr.yaml text on the controller, or a
 * dr.yaml in the workspace named by the step's {@code configFile} (read on the agent, where the workspace is).
 *
 * @param yaml       the dr.yaml text of the global configuration
 * @param sourceName how messages name that text
 * @param configFile a workspace-relative (or absolute) dr.yaml that replaces the global plan, or null
 */
public record RunConfiguration(String yaml, String sourceName, String configFile) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String GLOBAL = "the Disaster Recovery configuration (Manage Jenkins > System)";

    public DrConfig load(Path workspace, String stepName) throws StepFailure {
        try {
            if (configFile != null && !configFile.isBlank()) {
                Path file = workspace.resolve(configFile);
                if (!Files.isRegularFile(file)) {
                    throw new StepFailure(stepName + ": configFile " + configFile + ": no such file in the workspace "
                            + workspace + "; check it out first or fix the path");
                }
                return ConfigLoader.load(file);
            }
            return ConfigLoader.parse(yaml, sourceName);
        } catch (ConfigException e) {
            throw new StepFailure(stepName + ": " + e.sourceName() + " has " + e.problems().size()
                    + (e.problems().size() == 1 ? " problem: " : " problems: ")
                    + String.join(" | ", e.problems().stream().map(ConfigProblem::toString).toList()));
        }
    }
}
