package io.jenkins.plugins.dr.library;

import org.jvnet.hudson.test.JenkinsRule;

/** The one Jenkins of a library test class. */
final class Harness {
    /**
     * The harness' timeout covers a whole class when the rule is a {@code @ClassRule}: Jenkins, the agent, PostgreSQL
     * and every test. Alone such a class takes one to two minutes; on the two cores our builds share it can pass the
     * default 180 s for load alone, which says nothing about the library. Each build still has its own bounded waits.
     */
    private static final int CLASS_TIMEOUT_SECONDS = 360;

    private Harness() {
    }

    static JenkinsRule jenkins() {
        JenkinsRule rule = new JenkinsRule();
        rule.timeout = Integer.getInteger("jenkins.test.timeout", CLASS_TIMEOUT_SECONDS);
        return rule;
    }
}
