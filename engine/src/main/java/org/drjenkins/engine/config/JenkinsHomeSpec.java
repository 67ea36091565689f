package org.drjenkins.engine.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code jenkins-home} component takes from a controller's JENKINS_HOME: glob patterns (java.nio "glob:" syntax,
 * matched against '/'-separated paths relative to the home) on top of the defaults below. A file is backed up when it
 * matches an include and no exclude. The list of installed plugins with their versions is always written into the
 * archive as {@code plugins.txt}; the plugin binaries only with {@code pluginBinaries}.
 *
 * @param include        patterns added to {@link #DEFAULT_INCLUDE}
 * @param exclude        patterns added to {@link #DEFAULT_EXCLUDE}; they win over every include
 * @param builds         also the build records ({@code jobs/**}{@code /builds/**}, with their logs and artifacts)
 * @param pluginBinaries also {@code plugins/*.jpi} and {@code plugins/*.hpi}
 */
public record JenkinsHomeSpec(List<String> include, List<String> exclude, boolean builds, boolean pluginBinaries) {

    /**
     * The controller's configuration and its keys. {@code secrets/**} holds master.key and hudson.util.Secret, without
     * which no credential of a restored home decrypts (thinBackup leaves them out); the archive is age-encrypted like
     * every artifact, so they never sit readable in the bucket.
     */
    public static final List<String> DEFAULT_INCLUDE = List.of(
            "*.xml", "secret.key", "secret.key.not-so-secret", "identity.key.enc", "jenkins.install.*",
            "jobs/**/config.xml", "jobs/**/nextBuildNumber",
            "users/**", "nodes/**", "secrets/**", "userContent/**", "init.groovy.d/**");

    /**
     * Never worth restoring or rebuilt by Jenkins: workspaces, caches, the unpacked war, logs. Fingerprints are left out
     * too: they only link artifacts to builds (which are not backed up by default), can run to hundreds of thousands of
     * files, and a controller works without them.
     */
    public static final List<String> DEFAULT_EXCLUDE = List.of(
            "workspace/**", "**/workspace/**", "caches/**", "war/**", "logs/**", "**/*.log", "fingerprints/**", "updates/**",
            "plugins/*/**", "**/*.tmp", "plugins.txt");

    /** Build records of every job, folders included. */
    public static final List<String> BUILD_INCLUDE = List.of("jobs/**/builds/**");

    public static final List<String> PLUGIN_BINARIES_INCLUDE = List.of("plugins/*.jpi", "plugins/*.hpi");

    /** The defaults alone. */
    public static final JenkinsHomeSpec DEFAULTS = new JenkinsHomeSpec(List.of(), List.of(), false, false);

    public JenkinsHomeSpec {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** The defaults, then what builds/pluginBinaries ask for, then the user's own. */
    public List<String> effectiveIncludes() {
        List<String> all = new ArrayList<>(DEFAULT_INCLUDE);
        if (builds) {
            all.addAll(BUILD_INCLUDE);
        }
        if (pluginBinaries) {
            all.addAll(PLUGIN_BINARIES_INCLUDE);
        }
        all.addAll(include);
        return List.copyOf(all);
    }

    public List<String> effectiveExcludes() {
        List<String> all = new ArrayList<>(DEFAULT_EXCLUDE);
        all.addAll(exclude);
        return List.copyOf(all);
    }
}
