package io.jenkins.plugins.dr.agent;

import io.jenkins.plugins.dr.evidence.Evidence;
import io.jenkins.plugins.dr.evidence.EvidenceKind;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.failover.FailoverRequest;
import org.drjenkins.engine.failover.FailoverResult;
import org.drjenkins.engine.failover.FailoverService;
import org.drjenkins.engine.failover.FailoverTools;
import org.drjenkins.engine.failover.Gate;
import org.drjenkins.engine.failover.Seconds;
import org.drjenkins.engine.paging.OperationIncidents;

/**
 * drFailover on the agent: {@link FailoverService} with the plan, the database password, AWS keys (Route 53), the TSIG
 * secret and the webhook URLs the controller resolved. The failover takes the plan's lease in the regions' buckets
 * here, on the agent where it acts, as {@link #heldBy} names it, and renews it while it runs.
 * A completed failover is evidence of the database objective's RTO and RPO; a dry run measures nothing.
 */
public final class FailoverTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drFailover";

    private final String to;
    private final boolean dryRun;
    private final boolean force;
    private String from;
    private String holder = STEP;

    public FailoverTask(RunConfiguration configuration, AgentSecrets secrets, String to, boolean dryRun, boolean force) {
        super(STEP, configuration, secrets);
        this.to = to;
        this.dryRun = dryRun;
        this.force = force;
    }

    /** The region failed over from, as {@code dr failover --from}; null or blank: the writable primary now. */
    public FailoverTask from(String region) {
        this.from = region == null || region.isBlank() ? null : region.strip();
        return this;
    }

    /** Who holds the failover lease, in the message another contender gets (e.g. {@code drFailover of job#12}). */
    public FailoverTask heldBy(String who) {
        this.holder = who;
        return this;
    }

    /**
     * The step's arguments as the engine's request; without {@code from} the region failed over from is the one that
     * is primary now.
     */
    public FailoverRequest request() {
        FailoverRequest request = FailoverRequest.to(to).asDryRun(dryRun).forced(force);
        return from == null ? request : request.from(from);
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        FailoverTools tools = FailoverTools.from(run.config(), run.secrets(), run.environment(), run.progress(),
                run.stores(), FailoverLeases.Terms.of(holder, FailoverLeases.DEFAULT_TTL));
        FailoverResult result;
        // failoverStarted pages (critical) as it starts, in the background; its end resolves it with RTO/RPO.
        try (OperationIncidents incidents = OperationIncidents.forPlan(run.config(), run.stores(), run.environment(),
                run.progress())) {
            result = incidents.failover(request(),
                    () -> new FailoverService(run.config(), tools, Clock.systemUTC(), run.progress()).run(request()));
        } catch (RuntimeException e) {
            throw run.failure(e, () -> STEP + " to " + to + " was aborted");
        } finally {
            tools.notifier().close();
        }
        result = result.withNotifications(tools.notifier().log());
        result.plan().lines().forEach(run::println);
        result.notifications().forEach(line -> run.println("notice " + line));
        return new AgentResult(ResultMaps.failover(result), evidence(result), failure(result, run.masker()));
    }

    private List<Evidence> evidence(FailoverResult result) {
        if (result.dryRun() || result.refused()) {
            return List.of();
        }
        long at = result.evidence().healthyAt() != null ? result.evidence().healthyAt().toEpochMilli()
                : System.currentTimeMillis();
        return List.of(Evidence.measured(FailoverService.DATABASE_TARGETS, EvidenceKind.FAILOVER, result.completed(),
                null, result.rpoSeconds(), Seconds.of(result.targets().rpo()), result.rtoSeconds(),
                Seconds.of(result.targets().rto()), at, (result.completed() ? "failed over from " : "FAILED failover from ")
                        + result.from() + " to " + result.to() + (result.forced() ? " (forced)" : "")));
    }

    /**
     * A refused or failed failover fails the step; a dry run never does (its Map says {@code refused}, which the
     * shared library reads before asking anyone to approve).
     */
    private static String failure(FailoverResult result, SecretMasker masker) {
        if (result.dryRun() || result.completed()) {
            return null;
        }
        String why = result.refused()
                ? "the gates refused the failover from " + result.from() + " to " + result.to() + "; nothing was changed: "
                        + String.join("; ", result.gates().stream().filter(g -> !g.passed()).map(Gate::toString).toList())
                        + (refusedByTheLease(result) ? " (another failover holds the regions' lease; force does not override"
                                + " it: run again once it is released, or has expired "
                                + FailoverLeases.DEFAULT_TTL.toSeconds() + " s after its holder stopped)"
                                : " (fix that, or pass force: true)")
                : "the failover from " + result.from() + " to " + result.to() + " stopped: " + result.failure()
                        + "; done: " + (result.doneSteps().isEmpty() ? "nothing" : String.join(", ", result.doneSteps()));
        return EngineMessages.forStep(STEP, why, masker);
    }

    private static boolean refusedByTheLease(FailoverResult result) {
        return result.gates().stream().anyMatch(g -> !g.passed() && FailoverService.LEASE_GATE.equals(g.name()));
    }

}
