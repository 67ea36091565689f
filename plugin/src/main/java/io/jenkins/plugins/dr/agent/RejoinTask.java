package io.jenkins.plugins.dr.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.failover.FailoverLeases;
import org.drjenkins.engine.rejoin.Rejoin;
import org.drjenkins.engine.rejoin.RejoinException;
import org.drjenkins.engine.rejoin.RejoinLimits;
import org.drjenkins.engine.rejoin.RejoinResult;
import org.drjenkins.engine.rejoin.RejoinTarget;

/**
 * drRejoin on the agent, where the old primary's data directory is: the engine's {@link Rejoin} (pg_rewind, a fresh
 * base backup, or the region's rejoinCommand, proven by a marker), exactly what {@code dr rejoin} runs. Like
 * drFailover it takes the plan's failover lease in the regions' buckets here, on the agent where it acts, as
 * {@link #heldBy} names it, and records each step there, so a rerun of a rejoin that stopped part-way continues it.
 * Returns {@code [region:, primary:, method:, seconds:, proof:, done:, continued:]}; a refusal (another holder of the
 * lease included) or failure fails the step with the engine's line, which says what is left.
 */
public final class RejoinTask extends PlanTask {
    private static final long serialVersionUID = 1L;
    static final String STEP = "drRejoin";

    private final String region;
    private final String primary;
    private String holder = STEP;

    /** @param primary the region to follow; null: the one other region that is a primary now */
    public RejoinTask(RunConfiguration configuration, AgentSecrets secrets, String region, String primary) {
        super(STEP, configuration, secrets);
        this.region = region;
        this.primary = primary;
    }

    /** Who holds the failover lease, in the message another contender gets (e.g. {@code drRejoin of job#12}). */
    public RejoinTask heldBy(String who) {
        this.holder = who;
        return this;
    }

    @Override
    protected AgentResult work(PlanRun run) throws StepFailure, InterruptedException {
        Optional<String> pgPassword = run.secrets().pgPassword();
        RejoinResult result;
        try {
            RejoinTarget target = RejoinTarget.resolve(run.config(), region, Optional.ofNullable(primary), pgPassword);
            result = Rejoin.forPlan(run.config(), run.stores(), FailoverLeases.Terms.of(holder, FailoverLeases.DEFAULT_TTL),
                    pgPassword, run.environment(), run.progress(), RejoinLimits.defaults())
                    .rejoin(target.old(), target.primary());
        } catch (RejoinException e) {
            return new AgentResult(Map.of("region", region), List.of(),
                    EngineMessages.forStep(STEP, e.getMessage(), run.masker()));
        } catch (RuntimeException e) {
            throw run.failure(e, null);
        }
        run.println(result.line());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("region", result.region());
        value.put("primary", result.primary());
        value.put("method", result.method());
        value.put("seconds", result.took().toMillis() / 1000.0);
        value.put("proof", result.proof());
        value.put("done", new java.util.ArrayList<>(result.done()));
        value.put("continued", new java.util.ArrayList<>(result.continued()));
        return new AgentResult(value, List.of(), null);
    }
}
