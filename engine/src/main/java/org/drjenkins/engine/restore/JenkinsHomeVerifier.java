package org.drjenkins.engine.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.drjenkins.engine.manifest.Manifest;
import org.drjenkins.engine.manifest.VerificationRecord.CheckResult;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.source.InstalledPlugins;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.util.Json;
import org.drjenkins.engine.util.Parameter;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Proves a jenkins-home backup by booting it: the tree is extracted and compared with the manifest like a directory's,
 * then the real Jenkins war boots from it (see {@link JenkinsBoot}: 127.0.0.1, free port, nothing reaching out) with
 * an init script that writes what the controller loaded. Checks: it started, every job of the manifest loaded, every
 * credential of credentials.xml decrypts with the restored keys (by id and kind, never a secret), and the plugins of
 * plugins.txt are the ones installed, at their versions. The boot's duration is the phase {@code boot} of the record.
 *
 * <p>Before the boot, what would make it reach out or run something is moved out of the home: agent definitions
 * ({@code nodes/}, whose launchers would connect to the agents) and the home's own init scripts. The file-list check
 * has already proved they restored. The built-in node gets no executors, so no job can build.
 */
final class JenkinsHomeVerifier implements ComponentRestorer {

    static final String BOOT = "boot";
    static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofMinutes(3);
    private static final String REPORT_SCRIPT = "dr-verify-report.groovy";  // source: plugin/src/main/jenkins-init

    private final DirectoryRestorer directory;
    private final Optional<Path> war;
    private final Optional<Path> pluginFolder;
    private final Duration bootTimeout;
    private final Progress progress;
    private final Map<String, Double> phases = new LinkedHashMap<>();

    JenkinsHomeVerifier(Path scratch, Optional<Path> war, Optional<Path> pluginFolder, Duration bootTimeout, Progress progress)
            throws IOException {
        this.directory = new DirectoryRestorer(scratch);
        this.war = war;
        this.pluginFolder = pluginFolder;
        this.bootTimeout = bootTimeout;
        this.progress = progress;
    }

    /** Refuses before any download when Jenkins could not be booted: no war, or plugins neither in the backup nor given. */
    @Override
    public void preflight(Manifest manifest) {
        Path warFile = war.orElseThrow(() -> InvalidRequestException.of(Parameter.WAR, " is needed: a jenkins-home backup is proven by booting"
                + " Jenkins from it; give the jenkins.war of the controller's version"));
        if (!Files.isRegularFile(warFile)) {
            throw InvalidRequestException.of(Parameter.WAR.given(warFile), ": no such file; give the path of a jenkins.war");
        }
        if (!Boolean.TRUE.equals(home(manifest).get("pluginBinaries")) && !plugins(manifest).isEmpty()) {
            Path folder = pluginFolder.orElseThrow(() -> InvalidRequestException.of(Parameter.PLUGINS, " is needed: the backup lists "
                    + plugins(manifest).size() + " plugins but holds no plugin binaries (pluginBinaries: false); give a folder of their .jpi/.hpi files"));
            if (!Files.isDirectory(folder)) {
                throw InvalidRequestException.of(Parameter.PLUGINS.given(folder), ": not a directory; give a folder of .jpi/.hpi files");
            }
        }
    }

    @Override
    public void restore(Manifest manifest, Path rawContent) throws IOException {
        directory.restore(manifest, rawContent);
    }

    @Override
    public List<CheckResult> check(Manifest manifest) throws IOException, InterruptedException {
        List<CheckResult> checks = new ArrayList<>(directory.check(manifest));
        Path home = directory.tree();
        Map<String, String> expectedCredentials = credentialsIn(home.resolve("credentials.xml"));
        setAside(home);
        Map<String, String> missingPlugins = installPlugins(manifest, home);
        Path work = Files.createDirectories(directory.scratch().resolve("boot"));
        Path reportFile = work.resolve("report.json");
        Path scripts = Files.createDirectories(home.resolve("init.groovy.d"));
        try (InputStream script = Objects.requireNonNull(getClass().getResourceAsStream(REPORT_SCRIPT), REPORT_SCRIPT)) {
            Files.copy(script, scripts.resolve(REPORT_SCRIPT));
        }
        progress.phase("boot Jenkins from the restored home (" + war.orElseThrow().getFileName() + ")");
        BootReport report;
        try (JenkinsBoot jenkins = JenkinsBoot.start(war.orElseThrow(), home, work, List.of("dr.verify.report=" + reportFile))) {
            double seconds;
            try {
                seconds = jenkins.awaitStarted(reportFile, bootTimeout);
            } catch (IOException e) {
                checks.add(new CheckResult("Jenkins boots from the restored home", false, e.getMessage()));
                return checks;
            }
            phases.put(BOOT, seconds);
            checks.add(new CheckResult("Jenkins boots from the restored home", true, String.format(java.util.Locale.ROOT,
                    "started in %.1f s on 127.0.0.1:%d", seconds, jenkins.port())));
            report = Json.fromBytes(Files.readAllBytes(reportFile), BootReport.class, "the boot report");
        } finally {
            Files.deleteIfExists(reportFile);
            Files.deleteIfExists(scripts.resolve(REPORT_SCRIPT));
        }
        checks.add(jobsCheck(manifest, report));
        checks.add(credentialsCheck(expectedCredentials, report));
        checks.add(pluginsCheck(manifest, report, missingPlugins));
        return checks;
    }

    private static CheckResult jobsCheck(Manifest manifest, BootReport report) {
        List<String> expected = jobs(manifest);
        List<String> missing = expected.stream().filter(job -> !report.jobs().contains(job)).toList();
        return new CheckResult("every job loads", missing.isEmpty(), missing.isEmpty()
                ? expected.size() + " job(s) loaded: " + abbreviate(expected)
                : missing.size() + " of " + expected.size() + " job(s) did not load: " + abbreviate(missing));
    }

    /** Every credential of credentials.xml, by id and kind, must have loaded with each Secret field decrypted. */
    private static CheckResult credentialsCheck(Map<String, String> expected, BootReport report) {
        if (!report.errors().isEmpty() && !expected.isEmpty()) {
            return new CheckResult("every credential decrypts", false, String.join("; ", report.errors()));
        }
        Map<String, BootReport.Credential> loaded = new LinkedHashMap<>();
        report.credentials().forEach(c -> loaded.put(c.id(), c));
        List<String> problems = new ArrayList<>();
        expected.forEach((id, kind) -> {
            BootReport.Credential credential = loaded.get(id);
            if (credential == null || !credential.kind().equals(kind)) {
                problems.add(id + " (" + kind + ") did not load");
            } else if (credential.undecryptableFields() > 0) {
                problems.add(id + " (" + kind + ") does not decrypt with the restored keys (secrets/master.key, secrets/hudson.util.Secret)");
            } else if (credential.emptyFields() > 0) {
                problems.add(id + " (" + kind + ") has an empty secret");
            }
        });
        return new CheckResult("every credential decrypts", problems.isEmpty(), problems.isEmpty()
                ? expected.size() + " credential(s) decrypt with the restored keys: " + abbreviate(expected.entrySet().stream()
                        .map(e -> e.getKey() + " (" + e.getValue() + ")").toList())
                : String.join("; ", problems));
    }

    private static CheckResult pluginsCheck(Manifest manifest, BootReport report, Map<String, String> notAvailable) {
        Map<String, BootReport.PluginState> installed = new LinkedHashMap<>();
        report.plugins().forEach(p -> installed.put(p.name(), p));
        List<String> problems = new ArrayList<>();
        notAvailable.forEach((name, version) -> problems.add(name + " " + version + " is not in the plugin folder"));
        for (Map<String, Object> plugin : plugins(manifest)) {
            String name = String.valueOf(plugin.get("name"));
            String version = String.valueOf(plugin.get("version"));
            BootReport.PluginState state = installed.get(name);
            if (notAvailable.containsKey(name)) {
                continue;
            }
            if (state == null) {
                problems.add(name + " " + version + " is not installed");
            } else if (!state.version().equals(version)) {
                problems.add(name + " is " + state.version() + ", the backup lists " + version);
            } else if (!state.active() && !Boolean.FALSE.equals(plugin.get("enabled"))) {
                problems.add(name + " " + version + " did not start (a dependency missing or too old?)");
            }
        }
        int count = plugins(manifest).size();
        return new CheckResult("the plugins listed are the ones installed", problems.isEmpty(), problems.isEmpty()
                ? count + " plugin(s) installed at the listed versions"
                : problems.size() + " of " + count + " plugin(s) differ: " + abbreviate(problems));
    }

    /**
     * Copies the listed plugins from the plugin folder into {@code home/plugins} as NAME.jpi, unless the backup holds
     * them; returns those the folder lacks (name → version).
     */
    private Map<String, String> installPlugins(Manifest manifest, Path home) throws IOException {
        Map<String, String> lacking = new TreeMap<>();
        if (Boolean.TRUE.equals(home(manifest).get("pluginBinaries")) || pluginFolder.isEmpty()) {
            return lacking;
        }
        Map<String, Path> available = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pluginFolder.get(), "*.{jpi,hpi}")) {
            for (Path file : files) {
                InstalledPlugins.shortName(file).ifPresent(name -> available.putIfAbsent(name, file));
            }
        }
        Path target = Files.createDirectories(home.resolve("plugins"));
        for (Map<String, Object> plugin : plugins(manifest)) {
            String name = String.valueOf(plugin.get("name"));
            Path file = available.get(name);
            if (file == null) {
                lacking.put(name, String.valueOf(plugin.get("version")));
            } else {
                Files.copy(file, target.resolve(name + ".jpi"), StandardCopyOption.REPLACE_EXISTING);
                if (Boolean.FALSE.equals(plugin.get("enabled"))) {
                    Files.createFile(target.resolve(name + ".jpi.disabled"));
                }
            }
        }
        return lacking;
    }

    /** Moves what would reach out or run code during the boot out of the home (see the class comment). */
    private void setAside(Path home) throws IOException {
        Path aside = Files.createDirectories(directory.scratch().resolve("set-aside"));
        for (String name : List.of("nodes", "init.groovy.d", "init.groovy")) {
            if (Files.exists(home.resolve(name))) {
                Files.move(home.resolve(name), aside.resolve(name));
                progress.info("verification boot without " + name + " of the restored home (it would contact agents or run code)");
            }
        }
    }

    /** id → kind (the element name's last part, e.g. StringCredentialsImpl) of every credential in credentials.xml. */
    static Map<String, String> credentialsIn(Path credentialsXml) throws IOException {
        Map<String, String> credentials = new LinkedHashMap<>();
        if (!Files.isRegularFile(credentialsXml)) {
            return credentials;
        }
        try (InputStream in = Files.newInputStream(credentialsXml)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList ids = factory.newDocumentBuilder().parse(in).getElementsByTagName("id");
            for (int i = 0; i < ids.getLength(); i++) {
                Node credential = ids.item(i).getParentNode();
                Node list = credential == null ? null : credential.getParentNode();
                if (list instanceof Element listElement && listElement.getTagName().endsWith("CopyOnWriteArrayList")) {
                    String tag = ((Element) credential).getTagName();
                    credentials.put(ids.item(i).getTextContent().strip(), tag.substring(tag.lastIndexOf('.') + 1));
                }
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("credentials.xml of the restored home does not parse: " + e.getMessage(), e);
        }
        return credentials;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> home(Manifest manifest) {
        Object home = manifest.source().get("jenkinsHome");
        return home instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> plugins(Manifest manifest) {
        Object plugins = home(manifest).get("plugins");
        return plugins instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<String> jobs(Manifest manifest) {
        Object jobs = home(manifest).get("jobs");
        return jobs instanceof List<?> list ? (List<String>) list : List.of();
    }

    private static String abbreviate(List<String> items) {
        return items.size() <= 10 ? String.join(", ", items) : String.join(", ", items.subList(0, 10)) + " and " + (items.size() - 10) + " more";
    }

    @Override
    public Map<String, Double> phaseSeconds() {
        return phases;
    }

    @Override
    public void close() {
        directory.close();
    }

    /** What the init script wrote (see plugin/src/main/jenkins-init/dr-verify-report.groovy). */
    record BootReport(List<String> jobs, List<Credential> credentials, List<PluginState> plugins, List<String> errors) {
        BootReport {
            jobs = jobs == null ? List.of() : jobs;
            credentials = credentials == null ? List.of() : credentials;
            plugins = plugins == null ? List.of() : plugins;
            errors = errors == null ? List.of() : errors;
        }

        record Credential(String id, String kind, String domain, int secretFields, int emptyFields, int undecryptableFields) {
        }

        record PluginState(String name, String version, boolean active) {
        }
    }
}
