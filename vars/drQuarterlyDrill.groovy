// The quarterly DR drill: each quarter of the year rehearses a different part of the plan.
// Help page: drQuarterlyDrill.txt (Jenkins shows it in the global variable reference).

import java.time.LocalDate
import java.time.temporal.IsoFields

/**
 * Runs the drill scenario of the current quarter (Q1 database-failover, Q2 region-failover, Q3 communication,
 * Q4 end-to-end) with drDrill, then publishes its JUnit report and archives its reports, also when the drill fails.
 *
 * @param args scenario (overrides the quarter's),
 *             date (a LocalDate or 'yyyy-MM-dd' whose quarter picks the scenario, default today),
 *             junit (default 'dr-drill.xml'), markdown (default 'dr-drill.md'),
 *             switchBack (default true: a failover drill hands the primary role back, so the plan's primary is the
 *             primary again when the drill ends)
 * @return the drDrill Map
 */
Map call(Map args = [:]) {
    List<String> scenarios = ['backup-restore', 'database-failover', 'region-failover', 'communication', 'end-to-end']
    String scenario = args.scenario ?: scenarioOfQuarter(dateOf(args.date))
    if (!(scenario in scenarios)) {
        error("drQuarterlyDrill: scenario: '${scenario}' is not a drill scenario: use one of ${scenarios.join(', ')}")
    }
    String junitReport = args.junit ?: 'dr-drill.xml'
    String markdownReport = args.markdown ?: 'dr-drill.md'

    Map drill = null
    try {
        drill = drDrill(scenario: scenario, junit: junitReport, markdown: markdownReport,
                switchBack: args.switchBack != false)
    } finally {
        // A failed drill is the one whose reports matter most: publish whatever it wrote.
        junit(testResults: junitReport, allowEmptyResults: true)
        List<String> reports = [junitReport, markdownReport, drill?.reports?.json ?: 'dr-drill.json']
        archiveArtifacts(artifacts: reports.unique().join(','), allowEmptyArchive: true)
    }
    echo("drQuarterlyDrill: ${scenario} ${drill.passed ? 'passed' : 'did not pass'}: " +
            "RTO ${drill.rtoSeconds}s, RPO ${drill.rpoSeconds}s, targets ${drill.compliant ? 'met' : 'missed'}")
    return drill
}

/** The scenario rehearsed in the calendar quarter of the given date. */
String scenarioOfQuarter(LocalDate date) {
    List<String> byQuarter = ['database-failover', 'region-failover', 'communication', 'end-to-end']
    return byQuarter[date.get(IsoFields.QUARTER_OF_YEAR) - 1]
}

private LocalDate dateOf(Object date) {
    if (date == null) {
        return LocalDate.now()
    }
    return date instanceof LocalDate ? (LocalDate) date : LocalDate.parse(date.toString())
}
