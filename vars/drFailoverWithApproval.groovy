// A failover that a person approves after reading its plan.
// Help page: drFailoverWithApproval.txt (Jenkins shows it in the global variable reference).

/**
 * Dry-runs drFailover to get the plan, shows it in an input step, and fails over only once someone approves.
 * A dry run whose gates refuse the failover stops here, before anyone is asked (unless force: true).
 *
 * When the approver answers, the outage's incidents are acknowledged in their name (drIncident action: 'ack'), so
 * the escalation to the next on-call layer stops: the approver owns the incident now. By default those are the
 * unresolved, unacknowledged, non-drill incidents of the outage events (primaryUnreachable, failoverStarted,
 * failoverFinished), e.g. the one dr watch opened at detection; incident: 'INC-...' names one instead, and
 * acknowledge: false leaves them alone. Acknowledging is bounded and never stops the failover.
 *
 * @param args to (required: the region to fail over to), submitter (who may approve, passed to input),
 *             force (override refusing gates, default false), incident (the incident to acknowledge),
 *             acknowledge (default true)
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
    approval.submitterParameter = 'approver'
    def approver = input(approval)
    if (args.acknowledge != false) {
        acknowledgeIncidents(args.incident, approver instanceof String ? approver : null)
    }

    Map failover = drFailover(to: target, confirm: true, force: force)
    String targets = failover.compliant ? 'met' : 'missed'
    echo("drFailoverWithApproval: failed over from ${failover.from} to ${failover.to} in ${failover.rtoSeconds}s " +
            "(RPO ${failover.rpoSeconds}s, targets ${targets}${failover.forced ? ', forced' : ''})")
    return failover
}

/** Acknowledges in the approver's name; a bucket or channel in trouble costs at most a minute and never the failover. */
private void acknowledgeIncidents(String incident, String approver) {
    // The events of the outage a failover answers: their incidents are the approver's once they approve.
    List<String> outageEvents = ['primaryUnreachable', 'failoverStarted', 'failoverFinished']
    try {
        timeout(time: 60, unit: 'SECONDS') {
            List<String> ids = []
            if (incident) {
                ids.add(incident)
            } else {
                for (Map open : (drIncident(action: 'status').incidents ?: [])) {
                    if (!open.drill && !open.acknowledgedBy && outageEvents.contains(open.event)) {
                        ids.add(open.id)
                    }
                }
            }
            for (String id : ids) {
                Map ack = [action: 'ack', id: id]
                if (approver) {
                    ack.by = approver
                }
                Map acked = drIncident(ack)
                echo("drFailoverWithApproval: incident ${id} acknowledged by ${acked.acknowledgedBy}")
            }
        }
    } catch (err) {
        echo("drFailoverWithApproval: could not acknowledge the incident (the failover goes on): ${err.message}")
    }
}
