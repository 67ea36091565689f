package io.jenkins.plugins.dr.jenkins;

import hudson.ExtensionList;
import hudson.model.Job;
import hudson.security.Permission;
import java.time.Clock;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The only place in the plugin that reaches the Jenkins singleton (an ArchUnit rule keeps it so), so that
 * everything else can take a facade and be exercised without a running Jenkins.
 */
public class JenkinsFacade {
    /**
     * The clock every live figure is computed with (the RPO now, stale evidence, missed schedules). The system clock;
     * a test replaces it to see what a page says 25 seconds or two days later without waiting, through the real pages.
     */
    private static volatile Clock clock = Clock.systemUTC();

    public Clock clock() {
        return clock;
    }

    /** For tests only: the clock the pages judge "now" by. */
    public static void useClock(Clock replacement) {
        clock = replacement;
    }

    /** Throws Spring's {@code AccessDeniedException} when the current user lacks the permission. */
    public void checkPermission(Permission permission) {
        Jenkins.get().checkPermission(permission);
    }

    public boolean hasPermission(Permission permission) {
        return Jenkins.get().hasPermission(permission);
    }

    /** The one instance of an extension, such as the global configuration. */
    public <T> T singleton(Class<T> type) {
        return ExtensionList.lookupSingleton(type);
    }

    /** Every job in every folder. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List<Job<?, ?>> allJobs() {
        return (List) Jenkins.get().getAllItems(Job.class);
    }
}
