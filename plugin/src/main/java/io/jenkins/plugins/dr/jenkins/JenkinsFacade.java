package io.jenkins.plugins.dr.jenkins;

import hudson.ExtensionList;
import hudson.model.Job;
import hudson.security.Permission;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The only place in the plugin that reaches the Jenkins singleton (an ArchUnit rule keeps it so), so that
 * everything else can take a facade and be exercised without a running Jenkins.
 */
public class JenkinsFacade {
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
