// The nightly backup as a scripted pipeline (nightly-backup.Jenkinsfile is the declarative one).
// Needs the disaster-recovery plugin and this repository configured as the global library 'disaster-recovery'.
@Library('disaster-recovery') _

properties([
        pipelineTriggers([cron('H 2 * * *')]),
        disableConcurrentBuilds(),
])

// A list, not a map: CPS-transformed for-loops are safe over lists.
List<Map> backups = [
        [component: 'database', verify: 'restore'],
        [component: 'configuration', verify: 'integrity'],
]

node {
    for (Map backup in backups) {
        stage("Back up ${backup.component}") {
            // catchError: a failed database backup must not skip the configuration backup, yet still fails the build.
            catchError(buildResult: 'FAILURE', stageResult: 'FAILURE') {
                drNightlyBackup(component: backup.component, verify: backup.verify, notify: 'oncall@example.com')
            }
        }
    }
    // Last: every component judged now by the engine, recorded as the build's evidence; VIOLATED fails the build.
    stage('Compliance') {
        drComplianceGate(failOn: 'VIOLATED', notify: 'oncall@example.com')
    }
}
