// Nightly backup of one component, proven restorable right after it was taken.
// Help page: drNightlyBackup.txt (Jenkins shows it in the global variable reference).

/**
 * Backs up a component with drBackup, then proves the new backup with drVerifyRestore.
 * A verified backup that missed its RPO or RTO target leaves the build UNSTABLE; any failure notifies and fails it.
 *
 * @param args component (required), verify ('restore' or 'integrity', default 'restore'),
 *             notify (a closure called with a Map describing the failure, or an e-mail address)
 * @return [backup: the drBackup Map, verification: the drVerifyRestore Map]
 */
Map call(Map args = [:]) {
    String component = args.component
    if (!component) {
        error("drNightlyBackup: 'component' is required: name a component of dr.yaml, " +
                "e.g. drNightlyBackup(component: 'database')")
    }
    List<String> verifyModes = ['restore', 'integrity']
    String verify = args.verify ?: 'restore'
    if (!(verify in verifyModes)) {
        error("drNightlyBackup: verify: '${verify}' is not allowed: use one of ${verifyModes.join(', ')}")
    }
    Object notifier = args.notify
    boolean address = notifier instanceof CharSequence && notifier.toString().contains('@')
    if (notifier != null && !(notifier instanceof Closure) && !address) {
        error("drNightlyBackup: notify must be a closure or an e-mail address, not '${notifier}'")
    }

    Map backup = null
    Map verification = null
    try {
        backup = drBackup(component: component)
        verification = drVerifyRestore(component: component, backup: backup.backupId ?: 'latest',
                integrityOnly: verify == 'integrity')
        if (!verification.verified) {
            // The step may report a failed verification in its Map rather than by failing: treat both alike.
            error("drNightlyBackup: backup ${backup.backupId} of ${component} failed verification: " +
                    (verification.failures ?: ['no reason given']).join('; '))
        }
    } catch (failure) {
        sendFailureNotice(notifier, [component: component, failedAt: backup == null ? 'backup' : 'verification',
                                   backupId: backup?.backupId, message: failure.message ?: failure.toString()])
        throw failure
    }

    // An integrity-only check restores nothing, so it measures no RTO and drVerifyRestore never calls it compliant:
    // judge it by the RPO it did measure, or every integrity-checked night would be UNSTABLE.
    boolean missedTarget = verify == 'integrity'
            ? exceeds(verification.rpoSeconds, verification.rpoTargetSeconds)
            : verification.compliant == false
    if (missedTarget) {
        // Restorable, but an RPO/RTO target was missed: the backup is usable, the plan is not met.
        currentBuild.result = 'UNSTABLE'
        echo("drNightlyBackup: ${component} backup ${backup.backupId} restores, but misses a target: " +
                "RPO ${verification.rpoSeconds}s (target ${verification.rpoTargetSeconds}s), " +
                "RTO ${verification.rtoSeconds}s (target ${verification.rtoTargetSeconds}s)")
    } else {
        echo("drNightlyBackup: ${component} backup ${backup.backupId} verified (${verify})")
    }
    return [backup: backup, verification: verification]
}

/** Whether a measured figure is past its target; a figure or target that was not reported is not judged. */
private boolean exceeds(Object measured, Object target) {
    return measured != null && target != null && (measured as double) > (target as double)
}

/** Sends the failure notice; a notice that itself fails must not hide the failure it reports. */
private void sendFailureNotice(Object notifier, Map failure) {
    String subject = "DR nightly backup of ${failure.component} failed at ${failure.failedAt}"
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
        echo("drNightlyBackup: could not send the failure notice (${noticeFailure.message}); " +
                "the failure was: ${failure.message}")
    }
}
