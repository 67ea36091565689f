package io.jenkins.plugins.dr.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleProject;
import hudson.model.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jenkins.model.RunAction2;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;

/**
 * The Disaster Recovery page of a Jenkins with 50 DR jobs of 30 builds each renders from the jobs' evidence indexes,
 * without loading one build (counted by an action on every build whose {@code onLoad} Jenkins calls when it reads the
 * build from disk), and its metrics endpoint is valid Prometheus text. The builds record evidence the way the DR steps
 * do ({@link EvidenceIndexes#record}); the 49 further jobs are copies of the first's directory, read back by a reload.
 */
public class DashboardAtScaleTest {
    @ClassRule
    public static JenkinsRule j = new JenkinsRule();

    static {
        j.timeout = 900;
    }

    private static final int JOBS = 50;
    private static final int BUILDS = 30;

    /** Counts builds Jenkins loads from disk: each carries one. */
    public static final class LoadCounter implements RunAction2 {
        static final AtomicInteger LOADS = new AtomicInteger();

        @Override
        public void onAttached(Run<?, ?> r) {
        }

        @Override
        public void onLoad(Run<?, ?> r) {
            LOADS.incrementAndGet();
        }

        @Override
        public String getIconFileName() {
            return null;
        }

        @Override
        public String getDisplayName() {
            return null;
        }

        @Override
        public String getUrlName() {
            return null;
        }
    }

    /** What a drBackup and a drVerifyRestore record, in one build. */
    static final class RecordsEvidence extends TestBuilder {
        @Override
        public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener) throws IOException {
            long now = System.currentTimeMillis();
            build.addAction(new LoadCounter());
            for (Evidence evidence : List.of(
                    Evidence.measured("database", EvidenceKind.BACKUP, true, "b-" + build.getNumber(), 2.0, 300, null, 900, now,
                            "stored in us-east-1"),
                    Evidence.measured("database", EvidenceKind.VERIFY, true, "b-" + build.getNumber(), 4.0, 300, 60.0, 900,
                            now + 1, "verified (restore)"))) {
                build.addAction(new DrEvidenceAction(evidence));
                EvidenceIndexes.record(build, evidence);
            }
            return true;
        }
    }

    @BeforeClass
    public static void fiftyJobsOfThirtyBuilds() throws Exception {
        FreeStyleProject first = j.createFreeStyleProject("dr-00");
        first.getBuildersList().add(new RecordsEvidence());
        for (int i = 0; i < BUILDS; i++) {
            j.buildAndAssertSuccess(first);
        }
        // A test builder is no Describable Jenkins can read back from config.xml: the copies only need the builds.
        first.getBuildersList().clear();
        first.save();
        Path jobs = j.jenkins.getRootDir().toPath().resolve("jobs");
        for (int n = 1; n < JOBS; n++) {
            String name = String.format("dr-%02d", n);
            copyTree(jobs.resolve("dr-00"), jobs.resolve(name));
            Path index = jobs.resolve(name).resolve(EvidenceIndexes.FILE);
            Files.writeString(index, Files.readString(index, StandardCharsets.UTF_8).replace("job/dr-00/", "job/" + name + "/"),
                    StandardCharsets.UTF_8);
        }
        // As after a restart: jobs read from disk, builds left there until something asks for one.
        EvidenceIndexes.forgetCached();
        j.jenkins.reload();
        LoadCounter.LOADS.set(0);
    }

    @Test
    public void theDisasterRecoveryPageListsFiftyJobsWithoutLoadingABuild() throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient();
        HtmlPage page = wc.goTo("manage/disaster-recovery/");
        assertThat(page.querySelectorAll("table.dr-dashboard tbody tr")).hasSize(JOBS);
        assertThat(page.asNormalizedText()).contains("dr-49").contains("#" + BUILDS);
        wc.goTo("manage/disaster-recovery/api/json?depth=3", "application/json");
        wc.goTo("disaster-recovery/metrics", null);
        // (Not Jenkins' own front page: its "last failure" column walks every build of a job that never failed.)
        assertThat(LoadCounter.LOADS.get()).as("builds loaded to render the page, its api/json and its metrics").isZero();

        // The counter does count: the job's trend charts read the builds, lazily and at most 30.
        wc.goTo("job/dr-07/disaster-recovery/");
        assertThat(LoadCounter.LOADS.get()).isBetween(1, EvidenceHistory.BUILDS);
    }

    @Test
    public void theMetricsEndpointIsValidPrometheusTextWithAFamilyPerFigure() throws Exception {
        Page metrics = j.createWebClient().goTo("disaster-recovery/metrics", null);
        assertThat(metrics.getWebResponse().getContentType()).isEqualTo("text/plain");
        assertThat(metrics.getWebResponse().getResponseHeaderValue("Content-Type")).contains("version=0.0.4");
        Map<String, List<Sample>> families = PrometheusText.parse(metrics.getWebResponse().getContentAsString());

        assertThat(families.keySet()).contains("dr_rpo_seconds", "dr_rpo_target_seconds", "dr_rto_seconds", "dr_rto_target_seconds",
                "dr_verdict", "dr_job_missed");
        assertThat(families.get("dr_rpo_seconds")).hasSize(JOBS);
        assertThat(families.get("dr_rto_seconds")).extracting(Sample::value).containsOnly(60.0);
        assertThat(families.get("dr_rpo_target_seconds")).extracting(Sample::value).containsOnly(300.0);
        Sample rpo = families.get("dr_rpo_seconds").get(0);
        assertThat(rpo.labels()).containsEntry("component", "database").containsKey("job");
        assertThat(rpo.value()).isPositive();
        // The verdict is a state set: one series per verdict, exactly one of them 1, per job and component.
        assertThat(families.get("dr_verdict")).hasSize(JOBS * org.drjenkins.engine.compliance.Verdict.values().length);
        assertThat(families.get("dr_verdict").stream().filter(s -> s.value() == 1.0)).hasSize(JOBS);
    }

    record Sample(Map<String, String> labels, double value) {
    }

    /**
     * A strict reader of the Prometheus text exposition format 0.0.4 (no Java parser of it is published): every line is
     * a HELP, a TYPE or a sample of the family just typed; names and label names by the format's grammar; label
     * values with only the three escapes; values as Go's ParseFloat reads them; a family's lines together, once.
     */
    static final class PrometheusText {
        private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
        private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
        private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

        static Map<String, List<Sample>> parse(String text) {
            assertThat(text).endsWith("\n");
            Map<String, List<Sample>> families = new HashMap<>();
            Set<String> closed = new HashSet<>();
            String current = null;
            for (String line : text.split("\n")) {
                Matcher help = HELP.matcher(line);
                Matcher type = TYPE.matcher(line);
                Matcher sample = SAMPLE.matcher(line);
                if (help.matches()) {
                    current = open(help.group(1), current, closed, families);
                } else if (type.matches()) {
                    assertThat(type.group(1)).as("TYPE of the family its HELP named").isEqualTo(current);
                } else if (sample.matches()) {
                    assertThat(sample.group(1)).as("a sample of the family just described: " + line).isEqualTo(current);
                    families.get(current).add(new Sample(labels(sample.group(3), line), value(sample.group(4), line)));
                } else {
                    throw new AssertionError("not a line of the Prometheus text format: " + line);
                }
            }
            return families;
        }

        private static String open(String name, String current, Set<String> closed, Map<String, List<Sample>> families) {
            if (current != null) {
                closed.add(current);
            }
            assertThat(closed).as("a family's lines are together").doesNotContain(name);
            families.put(name, new ArrayList<>());
            return name;
        }

        private static Map<String, String> labels(String text, String line) {
            Map<String, String> labels = new HashMap<>();
            if (text == null || text.isEmpty()) {
                return labels;
            }
            Matcher m = LABEL.matcher(text);
            int at = 0;
            while (at < text.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new AssertionError("bad labels in: " + line);
                }
                assertThat(labels.put(m.group(1), m.group(2))).as("label given twice in " + line).isNull();
                at = m.end();
            }
            return labels;
        }

        private static double value(String text, String line) {
            if (text.equals("+Inf") || text.equals("-Inf") || text.equals("NaN")) {
                return Double.parseDouble(text.replace("Inf", "Infinity"));
            }
            if (!text.matches("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
                throw new AssertionError("bad value in: " + line);
            }
            return Double.parseDouble(text);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isSymbolicLink(source)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(source));
                } else if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
