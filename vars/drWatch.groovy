// Runs `dr watch` from several regions at once: the watchers of watch.quorum, one per region, each on an agent there.
// Help page: drWatch.txt (Jenkins shows it in the global variable reference).

/**
 * Starts `dr watch --region R` on an agent labelled labelPrefix + R for every region, in parallel. Each watcher writes
 * what it sees to the buckets; with watch.quorum: N in dr.yaml a failover needs N of them to see the primary down,
 * and the one that takes the plan's failover lease acts (the others are refused by it and go on watching).
 *
 * @param args regions (the regions to watch from, required), config (dr.yaml on the agents, default 'dr.yaml'),
 *             dr (the dr command on the agents, default 'dr'), labelPrefix (default 'dr-'),
 *             maxWait (stop after this long, e.g. '24h'; default: watch until the build is aborted)
 * @return [REGION: exit status of its watcher] (0: no outage, or every failover completed)
 */
Map call(Map args = [:]) {
    List<String> regions = (args.regions ?: [])*.toString()
    if (!regions) {
        error("drWatch: regions: list the regions to watch from, e.g. regions: ['us-east-1', 'eu-west-1']")
    }
    String config = args.config ?: 'dr.yaml'
    String dr = args.dr ?: 'dr'
    String labelPrefix = args.labelPrefix ?: 'dr-'
    String maxWait = args.maxWait
    checkWord('regions', regions)
    checkWord('maxWait', maxWait ? [maxWait] : [])
    checkPath('config', config)
    checkPath('dr', dr)

    Map statuses = [:]
    Map branches = [:]
    regions.each { region ->
        branches[region] = {
            node(labelPrefix + region) {
                String command = "${dr} watch --config '${config}' --region ${region}" +
                        (maxWait ? " --max-wait ${maxWait}" : '')
                statuses[region] = sh(script: command, returnStatus: true, label: "dr watch from ${region}")
            }
        }
    }
    parallel(branches)

    List<String> failed = regions.findAll { region -> statuses[region] != 0 }
    if (failed) {
        error('drWatch: ' + failed.collect { region -> "the watcher in ${region} ended with exit ${statuses[region]}" }
                .join('; ') + ' (1: a failover was refused or failed, or no standby could take over; 2: bad input)')
    }
    echo("drWatch: every watcher ended with exit 0 (${regions.join(', ')})")
    return statuses
}

/** Region names and durations go into a shell command: letters, digits, dots and dashes only. */
private void checkWord(String field, List<String> values) {
    String bad = values.find { value -> !(value ==~ /[A-Za-z0-9.-]+/) }
    if (bad != null) {
        error("drWatch: ${field}: '${bad}' may hold only letters, digits, '.' and '-'")
    }
}

/** A path goes into a shell command quoted: no quote or newline in it. */
private void checkPath(String field, String value) {
    if (value.contains("'") || value.contains('\n')) {
        error("drWatch: ${field}: '${value}' must not contain a quote or a line break")
    }
}
