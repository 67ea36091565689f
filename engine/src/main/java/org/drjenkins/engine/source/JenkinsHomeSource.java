package org.drjenkins.engine.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drjenkins.engine.config.JenkinsHomeSpec;
import org.drjenkins.engine.progress.Progress;

/**
 * A controller's JENKINS_HOME as a tar tree in the directory component's format (so a directory restore restores it
 * unchanged): the files the {@link JenkinsHomeSpec} selects, its keys included, and a generated {@code plugins.txt}
 * listing the installed plugins with their versions. Jenkins runs while this reads: a file whose size or modification
 * time changes during its read is read again (up to {@link #REREAD_ATTEMPTS} times) and the manifest lists it
 * ({@code reread}, or {@code skippedChanging} when it never stood still).
 *
 * <p>Besides the directory metadata the manifest records {@code jenkinsHome}: {@code plugins} (name, version,
 * enabled), {@code jobs} (the full names of the items whose config.xml is in the archive, folders included),
 * {@code include}/{@code exclude} (the effective patterns), {@code builds} and {@code pluginBinaries}. Verification
 * by boot reads them back.
 */
public final class JenkinsHomeSource implements BackupSource {

    /** Enough for a config.xml rewritten by a save in progress; a file changing on every read is skipped. */
    static final int REREAD_ATTEMPTS = 5;
    /** Files up to this size are read whole to be re-readable; larger ones (build logs, artifacts) are streamed. */
    static final long REREAD_LIMIT = 16L * 1024 * 1024;

    /** A path segment no pattern names (control characters), to ask whether a pattern covers a directory's subtree. */
    private static final String PROBE = "/\u0001\u0002";

    private static final Pattern JOB_CONFIG = Pattern.compile("jobs/(.+)/config\\.xml");

    private final Path home;
    private final String name;
    private final JenkinsHomeSpec spec;
    private final TarTreeOptions.ReadObserver observer;

    /** @param home the controller's JENKINS_HOME; null when the component says auto and nothing resolved it */
    public JenkinsHomeSource(Path home, String name, JenkinsHomeSpec spec) {
        this(home, name, spec, TarTreeOptions.ReadObserver.NONE);
    }

    JenkinsHomeSource(Path home, String name, JenkinsHomeSpec spec, TarTreeOptions.ReadObserver observer) {
        this.home = home;
        this.name = Objects.requireNonNull(name, "name");
        this.spec = spec == null ? JenkinsHomeSpec.DEFAULTS : spec;
        this.observer = observer;
    }

    @Override
    public String artifactName() {
        return name + ".tar";
    }

    @Override
    public SourceResult writeTo(OutputStream out, Progress progress) throws IOException, InterruptedException {
        if (home == null) {
            throw new SourceException(name + " has path auto: the controller's own JENKINS_HOME, which only drBackup running on the"
                    + " built-in node (node('built-in')) knows; elsewhere, and for dr, set the home, e.g. path: /var/lib/jenkins");
        }
        if (!Files.isDirectory(home)) {
            throw new SourceException(home + " is not a directory: point the jenkins-home component's path at JENKINS_HOME");
        }
        List<InstalledPlugins.Plugin> plugins = InstalledPlugins.read(home);
        List<PathMatcher> includes = matchers(spec.effectiveIncludes());
        List<PathMatcher> excludes = matchers(spec.effectiveExcludes());
        TarTreeOptions options = new TarTreeOptions(
                relative -> matchesAny(includes, relative) && !matchesAny(excludes, relative),
                // A directory whose every path is excluded is never walked (a workspace may hold millions of files):
                // an exclude matching made-up names two and three levels below it covers the whole subtree.
                relative -> matchesAny(excludes, relative + PROBE) && matchesAny(excludes, relative + PROBE + PROBE),
                true, REREAD_ATTEMPTS, REREAD_LIMIT,
                List.of(new TarTreeOptions.GeneratedFile(InstalledPlugins.FILE_NAME, InstalledPlugins.pluginsTxt(plugins))),
                observer);
        SourceResult tree = new DirectoryTarSource(home, name, options).writeTo(out, progress);

        Map<String, Object> metadata = new LinkedHashMap<>(tree.metadata());
        Map<String, Object> jenkins = new LinkedHashMap<>();
        jenkins.put("plugins", plugins.stream().map(p -> Map.of("name", p.name(), "version", p.version(), "enabled", p.enabled())).toList());
        jenkins.put("jobs", jobs(tree.metadata()));
        jenkins.put("include", spec.effectiveIncludes());
        jenkins.put("exclude", spec.effectiveExcludes());
        jenkins.put("builds", spec.builds());
        jenkins.put("pluginBinaries", spec.pluginBinaries());
        metadata.put("jenkinsHome", jenkins);
        return new SourceResult(tree.consistentAt(), metadata);
    }

    /** "jobs/folder/jobs/app/config.xml" → "folder/app": the item's full name, as Jenkins shows it. */
    @SuppressWarnings("unchecked")
    private static List<String> jobs(Map<String, Object> treeMetadata) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) treeMetadata.get("entries");
        return entries.stream().map(e -> String.valueOf(e.get("path"))).map(JOB_CONFIG::matcher).filter(Matcher::matches)
                .map(m -> m.group(1).replace("/jobs/", "/")).filter(job -> !job.contains("/builds/")).sorted().toList();
    }

    private static List<PathMatcher> matchers(List<String> patterns) {
        return patterns.stream().map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
    }

    private static boolean matchesAny(List<PathMatcher> matchers, String relative) {
        Path path = Path.of(relative);
        return matchers.stream().anyMatch(m -> m.matches(path));
    }
}
