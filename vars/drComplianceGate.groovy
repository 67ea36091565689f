// The last stage of a DR job: is the plan met NOW? Fails (or marks UNSTABLE) the build when it is not.
// Help page: drComplianceGate.txt (Jenkins shows it in the global variable reference).

/**
 * Evaluates every component of the plan with drCompliance (the engine's `dr compliance`, on the agent) and gates
 * the build on it: components at `failOn` or worse fail the build when one is VIOLATED, else mark it UNSTABLE.
 * A failing gate notifies, like drNightlyBackup.
 *
 * @param args failOn ('VIOLATED', 'AT_RISK' or 'STALE', default 'VIOLATED'),
 *             notify (a closure called with a Map describing the failure, or an e-mail address)
 * @return the drCompliance Map: [overall:, at:, components: [name: [verdict:, rpoSeconds:, ...]]]
 */
Map call(Map args = [:]) {
    List<String> verdicts = ['VIOLATED', 'AT_RISK', 'STALE']
    String failOn = args.failOn ?: 'VIOLATED'
    if (!(failOn in verdicts)) {
        error("drComplianceGate: failOn: '${failOn}' is not allowed: use one of ${verdicts.join(', ')}")
    }
    Object notifier = args.notify
    boolean address = notifier instanceof CharSequence && notifier.toString().contains('@')
    if (notifier != null && !(notifier instanceof Closure) && !address) {
        error("drComplianceGate: notify must be a closure or an e-mail address, not '${notifier}'")
    }

    Map compliance
    try {
        compliance = drCompliance(failOn: failOn)
    } catch (failure) {
        sendNotice(notifier, [failOn: failOn, message: failure.message ?: failure.toString()])
        throw failure
    }
    echo("drComplianceGate: overall ${compliance.overall} at ${compliance.at}")
    return compliance
}

/** Sends the notice; a notice that itself fails must not hide the failure it reports. */
private void sendNotice(Object notifier, Map failure) {
    String subject = "DR compliance gate failed (failOn ${failure.failOn})"
    try {
        if (notifier instanceof Closure) {
            notifier.call(failure)
        } else if (notifier) {
            mail(to: notifier.toString(), subject: subject,
                    body: "${subject}: ${failure.message}\n\nBuild: ${env.BUILD_URL ?: env.JOB_NAME ?: 'unknown'}")
        } else {
            echo("${subject}: ${failure.message}")
        }
    } catch (noticeFailure) {
        echo("drComplianceGate: could not send the notice (${noticeFailure.message}); " +
                "the failure was: ${failure.message}")
    }
}
