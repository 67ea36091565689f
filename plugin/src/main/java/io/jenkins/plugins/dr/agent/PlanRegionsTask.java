package io.jenkins.plugins.dr.agent;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.Region;

/**
 * Reads the plan a failover or drill will run with, where the step will run it, and returns its regions (primary
 * first): the controller locks them before anything changes. Also fails early, with ConfigLoader's problems, on a
 * plan that would not load.
 */
public final class PlanRegionsTask implements AgentTask {
    private static final long serialVersionUID = 1L;

    private final String stepName;
    private final RunConfiguration configuration;

    public PlanRegionsTask(String stepName, RunConfiguration configuration) {
        this.stepName = stepName;
        this.configuration = configuration;
    }

    @Override
    public String stepName() {
        return stepName;
    }

    /** It carries no secret. */
    @Override
    public SecretMasker masker() {
        return new SecretMasker(java.util.List.of());
    }

    @Override
    public AgentResult run(Path workspace, PrintStream log) throws StepFailure {
        DrConfig config = configuration.load(workspace, stepName);
        ArrayList<String> regions = new ArrayList<>();
        regions.add(config.primary().name());
        config.regions().stream().map(Region::name).filter(name -> !regions.contains(name)).forEach(regions::add);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("primary", config.primary().name());
        value.put("regions", regions);
        return new AgentResult(value, java.util.List.of(), null);
    }
}
