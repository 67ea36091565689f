package org.drjenkins.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code dr jenkins} checks in the Jenkins it started, each printed as one line. */
final class JenkinsChecks {
    private static final long POLL_MILLIS = 500;
    private static final Pattern PLUGIN = Pattern.compile("\\{[^{}]*\"shortName\"\\s*:\\s*\"" + JenkinsCommand.PLUGIN + "\"[^{}]*}");
    private static final Pattern EVIDENCE = Pattern.compile("\\{[^{}]*\"component\"[^{}]*}");
    private static final Pattern RESULT = Pattern.compile("\"result\"\\s*:\\s*\"?(\\w+)");

    private final JenkinsHttp http;
    private final PrintWriter out;
    private final Path log;

    JenkinsChecks(JenkinsHttp http, PrintWriter out, Path log) {
        this.http = http;
        this.out = out;
        this.log = log;
    }

    /** Until the admin is let in (Jenkins answers 503 while it starts, 401 before the init script made the user). */
    boolean awaitUp(Process jenkins, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && jenkins.isAlive()) {
            JenkinsHttp.Response whoAmI = http.get("whoAmI/api/json");
            if (whoAmI.status() == 200 && whoAmI.body().contains("\"name\":\"" + JenkinsSetup.ADMIN + "\"")) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    /** The plugin is active in the plugin manager and Jenkins' log has no plugin failure and no SEVERE line. */
    boolean pluginLoadedCleanly() throws InterruptedException {
        JenkinsHttp.Response plugins = http.get("pluginManager/api/json?depth=1&tree=plugins[shortName,version,active,enabled]");
        Matcher m = PLUGIN.matcher(plugins.body());
        boolean active = plugins.status() == 200 && m.find() && m.group().contains("\"active\":true") && m.group().contains("\"enabled\":true");
        out.println("    plugin " + JenkinsCommand.PLUGIN + ": " + (active ? "active " + m.group().replaceAll(".*\"version\":\"([^\"]*)\".*", "$1")
                : "NOT active (HTTP " + plugins.status() + ")"));
        List<String> problems = new ArrayList<>();
        for (String line : JenkinsCommand.read(log).split("\n")) {
            if (line.contains("SEVERE") || line.contains("Failed Loading plugin") || line.contains("Failed to load")
                    || (line.contains("WARNING") && line.contains("io.jenkins.plugins.dr"))) {
                problems.add(line);
            }
        }
        boolean initialized = JenkinsCommand.read(log).contains("dr jenkins: security, credentials and the Disaster Recovery configuration are set up");
        out.println("    Jenkins log: " + (problems.isEmpty() ? "no plugin failure, no SEVERE" : problems.size() + " problem(s):"));
        problems.forEach(p -> out.println("      " + p));
        out.println("    init script: " + (initialized ? "security, credentials and configuration set up" : "DID NOT RUN (see the log)"));
        out.flush();
        return active && problems.isEmpty() && initialized;
    }

    /** Triggers build {@code number} of the job, waits for it, prints its result and evidence; true on SUCCESS. */
    boolean runJob(String job, int number, Duration timeout, List<String> secrets) throws IOException, InterruptedException {
        long start = System.nanoTime();
        JenkinsHttp.Response queued = http.post("job/" + job + "/build?delay=0sec");
        if (queued.status() != 201) {
            out.println("    build #" + number + ": not queued (HTTP " + queued.status() + ")");
            return false;
        }
        long deadline = start + timeout.toNanos();
        JenkinsHttp.Response build;
        String path = "job/" + job + "/" + number + "/";
        do {
            Thread.sleep(POLL_MILLIS);
            build = http.get(path + "api/json?depth=1&tree=building,result,actions[component,kind,verdict,tooltip]");
        } while (System.nanoTime() < deadline && (build.status() != 200 || build.body().contains("\"building\":true")));
        Matcher r = RESULT.matcher(build.body());
        String result = build.status() == 200 && r.find() ? r.group(1) : "TIMED OUT";
        out.printf("    build #%d: %s in %ds  %s%s%n", number, result, (System.nanoTime() - start) / 1_000_000_000L, http.root(), path);
        Matcher evidence = EVIDENCE.matcher(build.body());
        while (evidence.find()) {
            String e = evidence.group();
            out.println("      evidence: " + field(e, "component") + " (" + field(e, "kind") + ") " + field(e, "verdict") + ": " + field(e, "tooltip"));
        }
        String console = http.get(path + "consoleText").body();
        boolean leaked = secrets.stream().anyMatch(console::contains);
        out.println("      build log: " + (leaked ? "A SECRET IS IN THE BUILD LOG" : "no secret in it"));
        if (!"SUCCESS".equals(result)) {
            out.println("      the end of the build log:");
            List<String> lines = console.lines().toList();
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.println("        " + mask(l, secrets)));
        }
        out.flush();
        return "SUCCESS".equals(result) && !leaked;
    }

    /** The plugin's pages render in the real war (a Jelly or Stapler error is an HTTP 500). */
    boolean pagesRender(String job, int lastBuild) throws InterruptedException {
        boolean all = true;
        for (String page : List.of("manage/configure", "manage/" + JenkinsCommand.PLUGIN + "/", "job/" + job + "/",
                "job/" + job + "/" + JenkinsCommand.PLUGIN + "/", "job/" + job + "/" + lastBuild + "/")) {
            JenkinsHttp.Response response = http.get(page);
            boolean ok = response.status() == 200 && response.body().toLowerCase(java.util.Locale.ROOT).contains("disaster recovery");
            out.println("    page /" + page + ": " + (ok ? "OK" : "FAILED (HTTP " + response.status() + (response.status() == 200 ? ", no \"Disaster Recovery\" on it" : "") + ")"));
            all &= ok;
        }
        out.flush();
        return all;
    }

    /** A string field of a flat JSON object, as Jenkins' API writes it. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\\"", "\"") : "?";
    }

    void printLogTail(int count) {
        List<String> lines = JenkinsCommand.read(log).lines().toList();
        lines.subList(Math.max(0, lines.size() - count), lines.size()).forEach(l -> out.println("  " + l));
        out.flush();
    }

    private static String mask(String line, List<String> secrets) {
        String masked = line;
        for (String secret : secrets) {
            masked = masked.replace(secret, "****");
        }
        return masked;
    }
}
