package io.jenkins.plugins.dr.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.drjenkins.engine.manifest.RestoreRecord;
import org.drjenkins.engine.restore.RestoreOutcome;
import org.drjenkins.engine.restore.RestoreRequest;
import org.drjenkins.engine.restore.RestoreService;
import org.drjenkins.engine.restore.TreeChanges;

/**
 * drRestore on the agent: {@link RestoreService}, the engine's restore that {@code dr restore} also runs, puts the
 * backup back where the incident needs it. Its rules (which target a type takes, refusing a target in use, staging
 * beside the target, recording the duration as evidence of kind restore in the bucket) are the engine's alone.
 */
public final class RestoreTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drRestore";

    private final RestoreArguments arguments;

    public RestoreTask(RunConfiguration configuration, AgentSecrets secrets, RestoreArguments arguments) {
        super(STEP, configuration, secrets);
        this.arguments = arguments;
    }

    /** The step's arguments as the engine's request; relative paths resolve against the workspace. */
    public RestoreRequest request(Path workspace) throws StepFailure {
        RestoreArguments a = arguments;
        return RestoreRequest.of(a.component()).withBackup(given(a.backup()))
                .withRegion(given(a.region()), a.anyRegion()).withTo(path(workspace, a.to())).withDiff(a.diff())
                .withTarget(given(a.target())).withRoles(a.noOwner(), a.noAcl(), a.jobs())
                .withDataDir(path(workspace, a.dataDir())).withRecoveryTarget(VerifyRestoreTask.recoveryTarget(STEP, a.toTime(), a.toLsn()))
                .withStart(a.start(), a.port(), a.pauseAtTarget()).withOutput(path(workspace, a.output()))
                .withReplace(a.replace(), a.confirm()).withWorkDir(path(workspace, a.workDir()))
                .withWalFetch(walFetch(workspace));
    }

    /**
     * The restore_command prefix a restored postgres-cluster runs after this step has ended: the step's plan file
     * when it has one (absolute, as the server runs elsewhere), else dr's own default plan on that machine.
     */
    private String walFetch(Path workspace) {
        RunConfiguration configuration = configuration();
        String dr = Optional.ofNullable(given(arguments.drCommand())).orElse("dr");
        String command = quote(dr) + " wal-fetch";
        String file = given(configuration.configFile());
        return file == null ? command
                : command + " --config " + quote(workspace.resolve(file).toAbsolutePath().normalize().toString());
    }

    private static String quote(String word) {
        return word.matches("[A-Za-z0-9_./=:@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static String given(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Path path(Path workspace, String text) {
        String value = given(text);
        return value == null ? null : workspace.resolve(value).toAbsolutePath().normalize();
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        RestoreService service = new RestoreService(run.config(), run.secrets(), run.stores(), Clock.systemUTC(),
                run.progress());
        RestoreOutcome outcome;
        try {
            outcome = service.run(request(run.workspace()), new NoStandardOutput());
        } catch (CancellationException e) {
            throw new InterruptedException(Messages.RestoreTask_aborted(STEP, arguments.component()));
        } catch (RuntimeException e) {
            throw run.failure(e, () -> Messages.RestoreTask_aborted(STEP, arguments.component()));
        }
        printSummary(run.out(), outcome);
        // The engine recorded the restore (kind restore) beside the backup's manifest; the build holds the map.
        return new AgentResult(result(outcome), List.of(), null);
    }

    private static void printSummary(PrintStream out, RestoreOutcome outcome) {
        RestoreRecord r = outcome.record();
        out.println(Messages.RestoreTask_outcome(STEP, outcome.written() ? 1 : 0, r.component(), r.backupId(),
                r.region()));
        out.println("  " + r.detail());
        outcome.changes().map(TreeChanges::firstPaths).ifPresent(paths -> paths.forEach(p -> out.println("    " + p)));
        if (outcome.written()) {
            out.println(Messages.RestoreTask_took(r.seconds(), r.recoveryPoint().toString(),
                    outcome.recordedIn().orElse(Messages.RestoreTask_notRecorded())));
        }
        outcome.skipped().forEach(s -> out.println(Messages.RestoreTask_skipped(s)));
    }

    /** The Groovy return value: the keys of {@code dr restore --json}. */
    static Map<String, Object> result(RestoreOutcome outcome) {
        RestoreRecord r = outcome.record();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("component", r.component());
        map.put("backupId", r.backupId());
        map.put("region", r.region());
        map.put("target", r.target());
        map.put("written", outcome.written());
        map.put("seconds", r.seconds());
        map.put("restoredBytes", r.restoredBytes());
        map.put("recoveryPoint", r.recoveryPoint().toString());
        map.put("detail", r.detail());
        outcome.changes().ifPresent(c -> {
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("added", c.added());
            changes.put("changed", c.changed());
            changes.put("removed", c.removed());
            changes.put("unchanged", c.unchanged());
            changes.put("firstPaths", new ArrayList<>(c.firstPaths()));
            map.put("changes", changes);
        });
        map.put("recordedIn", outcome.recordedIn().orElse(null));
        map.put("skippedRegions", new ArrayList<>(outcome.skipped()));
        return map;
    }

    /**
     * A pipeline has no standard output for restored bytes (the build log is no place for a command's output, which
     * may hold secrets): a command component needs {@code output}.
     */
    private static final class NoStandardOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            throw new IOException(Messages.RestoreTask_outputRequired(STEP));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException(Messages.RestoreTask_outputRequired(STEP));
        }
    }
}
