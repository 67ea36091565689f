package io.jenkins.plugins.dr.agent;

import java.io.Serializable;

/**
 * drRestore's arguments as the agent receives them, checked on the controller already (see the step). Paths are
 * workspace-relative or absolute; null or blank means not given.
 *
 * @param backup    latest (when null), latest-verified or a backup id
 * @param drCommand postgres-cluster: the dr the restored server's restore_command runs (default {@code dr})
 */
public record RestoreArguments(String component, String backup, String region, boolean anyRegion, String to,
        String target, String dataDir, String output, boolean replace, boolean confirm, boolean diff, String toTime,
        String toLsn, boolean start, Integer port, boolean pauseAtTarget, boolean noOwner, boolean noAcl, int jobs,
        String workDir, String drCommand) implements Serializable {
    private static final long serialVersionUID = 1L;
}
