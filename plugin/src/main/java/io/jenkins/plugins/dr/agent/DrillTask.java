package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.drill.ComponentResult;
import org.drjenkins.engine.drill.DrillJunit;
import org.drjenkins.engine.drill.DrillMarkdown;
import org.drjenkins.engine.drill.DrillOptions;
import org.drjenkins.engine.drill.DrillReport;
import org.drjenkins.engine.drill.DrillRunner;
import org.drjenkins.engine.drill.DrillTools;
import org.drjenkins.engine.drill.PhaseStatus;
import org.drjenkins.engine.drill.Scenario;
import org.drjenkins.engine.failover.EvidenceJson;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.paging.OperationIncidents;

/**
 * drDrill on the agent: {@link DrillRunner} rehearses the scenario for real, then the JUnit, Markdown and JSON reports
 * are written into the workspace (also when the drill failed: those are the reports that matter). Each component the
 * drill measured becomes evidence on the build; a drill that measures none (communication) is recorded under its
 * scenario's name.
 */
public final class DrillTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drDrill";

    private final String scenario;
    private final String junit;
    private final String markdown;
    private final String json;
    private boolean switchBack;
    private String detectionInterval;
    private String detectionThreshold;
    private String target;
    private String budget;
    private String phaseBudget;
    private String holder = STEP;

    /** @param junit, markdown, json report files relative to the workspace; null writes none of that kind */
    public DrillTask(RunConfiguration configuration, AgentSecrets secrets, String scenario, String junit,
            String markdown, String json) {
        super(STEP, configuration, secrets);
        this.scenario = scenario;
        this.junit = junit;
        this.markdown = markdown;
        this.json = json;
    }

    /** Who holds the failover lease of a failover drill, in the message another contender gets. */
    public DrillTask heldBy(String who) {
        this.holder = who;
        return this;
    }

    /**
     * The drill's own settings: switch back after the rollback, and shortened detection (both durations or neither,
     * as dr drill --interval/--threshold).
     */
    public DrillTask withDrillSettings(boolean back, String interval, String threshold) {
        this.switchBack = back;
        this.detectionInterval = interval;
        this.detectionThreshold = threshold;
        return this;
    }

    /** The region to fail over to, as dr drill --to; null or blank: the first region after the primary with a database. */
    public DrillTask withTarget(String region) {
        this.target = region;
        return this;
    }

    /** The time budgets, as dr drill --budget and --phase-budget; null or blank: the engine's defaults. */
    public DrillTask withBudgets(String overall, String perPhase) {
        this.budget = overall;
        this.phaseBudget = perPhase;
        return this;
    }

    /** The step's arguments as the engine's options. */
    public DrillOptions options() throws StepFailure {
        Scenario chosen = Scenario.fromName(scenario).orElseThrow(() -> new StepFailure(STEP + ": scenario: '" + scenario
                + "' is not a drill scenario; use one of " + Scenario.allowed()));
        DrillOptions options = DrillOptions.of(chosen).switchingBack(switchBack);
        boolean hasInterval = detectionInterval != null && !detectionInterval.isBlank();
        boolean hasThreshold = detectionThreshold != null && !detectionThreshold.isBlank();
        if (hasInterval != hasThreshold) {
            throw new StepFailure(STEP + ": detectionInterval and detectionThreshold go together; set both (e.g. 1s and 10s) or neither");
        }
        if (hasInterval) {
            options = options.detection(duration("detectionInterval", detectionInterval), duration("detectionThreshold", detectionThreshold));
        }
        if (given(target)) {
            options = options.to(target.strip());
        }
        if (given(budget)) {
            options = options.budget(duration("budget", budget));
        }
        if (given(phaseBudget)) {
            options = options.phaseBudget(duration("phaseBudget", phaseBudget));
        }
        return options;
    }

    private static boolean given(String text) {
        return text != null && !text.isBlank();
    }

    private static java.time.Duration duration(String field, String text) throws StepFailure {
        try {
            java.time.Duration d = org.drjenkins.engine.config.Durations.parse(text.strip());
            if (d.isNegative() || d.isZero()) {
                throw new StepFailure(STEP + ": " + field + ": \"" + text + "\" must be positive, such as 10s");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new StepFailure(STEP + ": " + field + ": " + e.getMessage());
        }
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        DrillOptions options = options();
        FailoverTools failover = FailoverTools.from(run.config(), run.secrets(), run.environment(), run.progress(),
                run.stores(), FailoverLeases.Terms.of(holder, FailoverLeases.DEFAULT_TTL));
        DrillReport report;
        // A failed drill raises drillFailed when the plan has incident channels.
        try (OperationIncidents incidents = OperationIncidents.forPlan(run.config(), run.stores(), run.environment(),
                run.progress())) {
            DrillTools tools = new DrillTools(run.secrets(), run.stores(), failover, run.environment());
            report = incidents.drill(() -> new DrillRunner(run.config(), tools, Clock.systemUTC(), run.progress()).run(options));
        } catch (RuntimeException e) {
            throw run.failure(e, () -> STEP + " " + scenario + " was aborted");
        } finally {
            failover.notifier().close();
        }
        Map<String, Object> reports = writeReports(run.workspace(), report, run.masker());
        run.println(report.scenario().cliName() + " drill " + report.drillId() + ": " + report.outcome() + "; reports: "
                + String.join(", ", reports.values().stream().map(String::valueOf).toList()));
        return new AgentResult(ResultMaps.drill(report, reports), evidence(report), failure(report, run.masker()));
    }

    private Map<String, Object> writeReports(Path workspace, DrillReport report, SecretMasker masker)
            throws StepFailure {
        Map<String, Object> written = new LinkedHashMap<>();
        try {
            write(workspace, "junit", junit, DrillJunit.render(report), written);
            write(workspace, "markdown", markdown, DrillMarkdown.render(report), written);
            write(workspace, "json", json, EvidenceJson.text(report.toJson()), written);
        } catch (IOException e) {
            throw new StepFailure(masker.mask(STEP + ": the drill ran (" + report.outcome() + ") but its reports could not"
                    + " be written to the workspace " + workspace + ": " + e.getMessage()));
        }
        return written;
    }

    private static void write(Path workspace, String kind, String file, String text, Map<String, Object> written)
            throws IOException {
        if (file == null || file.isBlank()) {
            return;
        }
        Path target = workspace.resolve(file).normalize();
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(target, text, StandardCharsets.UTF_8);
        written.put(kind, file);
    }

    private List<Evidence> evidence(DrillReport report) {
        long at = report.finishedAt().toEpochMilli();
        String summary = report.scenario().cliName() + " drill " + (report.passed() ? "passed" : report.outcome()
                .name().toLowerCase(java.util.Locale.ROOT));
        List<Evidence> evidence = new ArrayList<>();
        for (ComponentResult component : report.components()) {
            evidence.add(Evidence.measured(component.component(), EvidenceKind.DRILL, report.passed(), null,
                    component.rpoApplies() ? component.rpoSeconds() : null, component.rpoTargetSeconds(),
                    component.rtoSeconds(), component.rtoTargetSeconds(), at, summary));
        }
        if (evidence.isEmpty()) {
            evidence.add(Evidence.measured(report.scenario().cliName(), EvidenceKind.DRILL, report.passed(), null, null,
                    0, null, 0, at, summary));
        }
        return evidence;
    }

    /** A drill that did not pass fails the step, after its reports are written and its evidence recorded. */
    private static String failure(DrillReport report, SecretMasker masker) {
        if (report.passed()) {
            return null;
        }
        String why = report.phases().stream().filter(p -> p.status() == PhaseStatus.FAILED
                        || p.status() == PhaseStatus.ABORTED)
                .map(p -> p.name() + " (" + p.component() + ") " + p.status() + ": " + p.detail()).findFirst()
                .orElse("a component missed its targets");
        return EngineMessages.forStep(STEP, report.scenario().cliName() + " drill " + report.drillId() + " "
                + report.outcome() + ": " + why, masker);
    }
}
