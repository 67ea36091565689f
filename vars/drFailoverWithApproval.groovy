// A failover that a person approves after reading its plan.
// Help page: drFailoverWithApproval.txt (Jenkins shows it in the global variable reference).

/**
 * Dry-runs drFailover to get the plan, shows it in an input step, and fails over only once someone approves.
 * A dry run whose gates refuse the failover stops here, before anyone is asked (unless force: true).
 *
 * @param args to (required: the region to fail over to), submitter (who may approve, passed to input),
 *             force (override refusing gates, default false)
 * @return the drFailover Map of the confirmed failover
 */
Map call(Map args = [:]) {
    String target = args.to
    if (!target) {
        error("drFailoverWithApproval: 'to' is required: name the region to fail over to, " +
                "e.g. drFailoverWithApproval(to: 'eu-west-1')")
    }
    boolean force = args.force ?: false

    Map dryRun = drFailover(to: target, dryRun: true)
    String plan = dryRun.plan ?: (dryRun.steps ?: []).join('\n')
    if (dryRun.refused && !force) {
        error("drFailoverWithApproval: the failover to ${target} is refused by its gates; nothing was changed. " +
                "Plan:\n${plan}\nFix the cause, or pass force: true to override the gates.")
    }

    String warning = dryRun.refused ? '\nGATES REFUSE THIS FAILOVER: approving overrides them (force: true).\n' : ''
    Map approval = [message: "Fail over from ${dryRun.from ?: 'the primary'} to ${target}?\n${warning}\n${plan}",
                    ok: 'Fail over']
    if (args.submitter) {
        approval.submitter = args.submitter
    }
    input(approval)

    Map failover = drFailover(to: target, confirm: true, force: force)
    String targets = failover.compliant ? 'met' : 'missed'
    echo("drFailoverWithApproval: failed over from ${failover.from} to ${failover.to} in ${failover.rtoSeconds}s " +
            "(RPO ${failover.rpoSeconds}s, targets ${targets}${failover.forced ? ', forced' : ''})")
    return failover
}
