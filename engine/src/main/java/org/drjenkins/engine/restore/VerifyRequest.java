package org.drjenkins.engine.restore;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to verify.
 *
 * @param component     the component's name
 * @param backup        {@code latest}, {@code latest-verified} or a backup id
 * @param target        restore into this existing server instead of an ephemeral cluster (postgres only)
 * @param replace       allow dropping an existing database of the same name on {@code target}
 * @param integrityOnly stop after size, digest, decryption and decompression: no restore, no database needed
 * @param workDir       where temporary files and the ephemeral cluster live; the system temp dir when empty
 * @param recoveryTarget postgres-cluster only: how far to replay the archived WAL (default: to its end); with
 *                       {@code backup} "latest" the newest base backup finished before the target is restored
 * @param war            jenkins-home only: the jenkins.war that boots the restored home
 * @param plugins        jenkins-home only: a folder of .jpi/.hpi files holding the plugins its plugins.txt lists, for a
 *                       backup taken without plugin binaries
 */
public record VerifyRequest(String component, String backup, Optional<String> target, boolean replace, boolean integrityOnly,
        Optional<Path> workDir, RecoveryTarget recoveryTarget, Optional<Path> war, Optional<Path> plugins) {

    public VerifyRequest {
        recoveryTarget = recoveryTarget == null ? RecoveryTarget.END : recoveryTarget;
        war = war == null ? Optional.empty() : war;
        plugins = plugins == null ? Optional.empty() : plugins;
    }

    /** A request for any component but jenkins-home. */
    public VerifyRequest(String component, String backup, Optional<String> target, boolean replace, boolean integrityOnly,
            Optional<Path> workDir, RecoveryTarget recoveryTarget) {
        this(component, backup, target, replace, integrityOnly, workDir, recoveryTarget, Optional.empty(), Optional.empty());
    }

    /** The same request booting a jenkins-home backup with this war and plugin folder. */
    public VerifyRequest withJenkins(Optional<Path> newWar, Optional<Path> newPlugins) {
        return new VerifyRequest(component, backup, target, replace, integrityOnly, workDir, recoveryTarget, newWar, newPlugins);
    }

    /** A request that replays to the end of the archive (the only choice for components without WAL). */
    public VerifyRequest(String component, String backup, Optional<String> target, boolean replace, boolean integrityOnly,
            Optional<Path> workDir) {
        this(component, backup, target, replace, integrityOnly, workDir, RecoveryTarget.END);
    }

    public static VerifyRequest latest(String component) {
        return new VerifyRequest(component, "latest", Optional.empty(), false, false, Optional.empty());
    }

    public VerifyRequest withRecoveryTarget(RecoveryTarget newTarget) {
        return new VerifyRequest(component, backup, target, replace, integrityOnly, workDir, newTarget, war, plugins);
    }
}
