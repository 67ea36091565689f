// The pipeline of the job `dr jenkins` sets up: back up the database and the config tree, then prove both backups
// by restoring them (the database into an ephemeral PostgreSQL cluster, the tree into a scratch directory).
node {
    stage('Back up') {
        def db = drBackup component: 'database'
        def tree = drBackup component: 'configuration'
        echo "backed up: ${db.backupId} (${db.storedBytes} bytes) and ${tree.backupId} to ${db.regions}"
    }
    stage('Verify restore') {
        def db = drVerifyRestore component: 'database', unstableOnViolation: true
        def tree = drVerifyRestore component: 'configuration', unstableOnViolation: true
        echo "verified: database ${db.verified} (RTO ${db.rtoSeconds}s), configuration ${tree.verified} (RTO ${tree.rtoSeconds}s)"
    }
}
