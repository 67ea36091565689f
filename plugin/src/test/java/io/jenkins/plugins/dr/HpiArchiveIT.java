package io.jenkins.plugins.dr;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import hudson.Extension;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The .hpi that maven-hpi-plugin packages, checked the way Jenkins will read it: what it bundles against what core and
 * the dependency plugins already provide (the class masking), the extension and symbol indexes, the views and a help
 * file for every data-bound parameter. Runs in integration-test, after package.
 */
public class HpiArchiveIT {
    private static final String PLUGIN_JAR = "WEB-INF/lib/disaster-recovery.jar";
    private static final String SDK_VERSION = "2.31.63";
    /** Packages the plugin takes from its own jars although core (or a dependency plugin) has them too. */
    private static final List<String> MASKED_PACKAGES = List.of("org.apache.commons.compress.", "org.apache.commons.io.",
            "org.apache.commons.lang3.", "com.fasterxml.jackson.", "org.yaml.snakeyaml.");
    private static final List<String> STEPS = List.of("drBackup", "drVerifyRestore", "drFailover", "drDrill", "drCompliance",
            "drWalReplicate", "drRejoin", "drRestore", "drIncident");
    private static final List<String> JENKINS_API_PACKAGES =
            List.of("hudson/", "jenkins/", "org/jenkinsci/", "org/kohsuke/", "com/cloudbees/");

    @ClassRule
    public static final TemporaryFolder TEMP = new TemporaryFolder();

    private static ZipFile hpi;
    /** WEB-INF/lib extracted, by file name. */
    private static final Map<String, Path> LIBS = new TreeMap<>();
    private static Path pluginJar;

    @BeforeClass
    public static void openArchive() throws IOException {
        Path file = Path.of(System.getProperty("dr.hpi", "target/disaster-recovery.hpi"));
        assertThat(file).as("the .hpi `mvn package` assembles").isRegularFile();
        hpi = new ZipFile(file.toFile());
        Path lib = TEMP.newFolder("WEB-INF-lib").toPath();
        for (ZipEntry entry : hpi.stream().toList()) {
            if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
                Path jar = lib.resolve(entry.getName().substring("WEB-INF/lib/".length()));
                try (InputStream in = hpi.getInputStream(entry)) {
                    Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                }
                LIBS.put(jar.getFileName().toString(), jar);
            }
        }
        pluginJar = LIBS.get("disaster-recovery.jar");
    }

    @AfterClass
    public static void closeArchive() throws IOException {
        if (hpi != null) {
            hpi.close();
        }
    }

    @Test
    public void manifestDeclaresThePluginWithTheValuesJenkinsReads() throws IOException {
        Attributes manifest = hpiManifest();

        assertThat(manifest.getValue("Short-Name")).isEqualTo("disaster-recovery");
        assertThat(manifest.getValue("Long-Name")).isEqualTo("Disaster Recovery");
        assertThat(manifest.getValue("Plugin-Version")).startsWith(System.getProperty("dr.pluginVersion"));
        assertThat(manifest.getValue("Jenkins-Version")).isEqualTo("2.479.3");
        assertThat(pluginDependencies(manifest)).containsOnlyKeys("workflow-step-api", "structs", "credentials",
                "plain-credentials", "aws-java-sdk2-core", "aws-java-sdk2-s3", "aws-credentials");
        assertThat(manifest.getValue("Plugin-Dependencies")).contains("aws-credentials:")
                .containsPattern("aws-credentials:[^,]*;resolution:=optional");
        assertThat(manifest.getValue("Url")).startsWith("https://");
        assertThat(manifest.getValue("Mask-Classes")).isEqualTo(String.join(" ", MASKED_PACKAGES));
        assertThat(manifest.getValue("Plugin-Class")).as("no legacy Plugin subclass").isNull();
    }

    /**
     * Nothing in WEB-INF/lib that core or a plugin this one depends on (directly or through its dependencies)
     * already provides, except in the masked packages, which the plugin deliberately takes from its own jars: two
     * copies of a class otherwise mean whichever loader wins decides the behaviour.
     */
    @Test
    public void nothingIsBundledThatCoreOrADependencyPluginProvidesUnlessItsPackageIsMasked() throws IOException {
        Set<String> provided = providedClasses();
        List<String> duplicates = new ArrayList<>();
        for (Map.Entry<String, Path> lib : LIBS.entrySet()) {
            for (String name : classesIn(lib.getValue())) {
                // A multi-release jar's versioned copies belong to the same package as the base class.
                String className = name.replaceFirst("^META-INF/versions/\\d+/", "").replace('/', '.');
                // module-info.class names a jar's module; every modular jar has one and the class path ignores it.
                boolean moduleDescriptor = name.endsWith("module-info.class");
                if (provided.contains(name) && !moduleDescriptor
                        && MASKED_PACKAGES.stream().noneMatch(className::startsWith)) {
                    duplicates.add(lib.getKey() + ": " + name);
                }
            }
        }

        assertThat(provided).as("classes of core and the dependency plugins").hasSizeGreaterThan(10_000);
        assertThat(duplicates).as("bundled classes that core or a dependency plugin provides").isEmpty();
        assertThat(LIBS.keySet()).anyMatch(name -> name.startsWith("disaster-recovery-engine-"));
    }

    @Test
    public void noBundledJarContainsJenkinsApiClasses() throws IOException {
        for (Path jar : LIBS.values()) {
            assertThat(classesIn(jar))
                    .as("Jenkins API classes in %s (core and the plugins provide them)", jar.getFileName())
                    .noneMatch(name -> JENKINS_API_PACKAGES.stream().anyMatch(name::startsWith));
        }
    }

    @Test
    public void theOnlyBundledAwsSdkModuleIsRoute53AtTheApiPluginsVersion() throws IOException {
        List<String> sdkJars = new ArrayList<>();
        for (Map.Entry<String, Path> lib : LIBS.entrySet()) {
            if (classesIn(lib.getValue()).stream().anyMatch(name -> name.startsWith("software/amazon/"))) {
                sdkJars.add(lib.getKey());
            }
        }

        assertThat(sdkJars).containsExactly("route53-" + SDK_VERSION + ".jar");
    }

    @Test
    public void neitherS3ProxyNorItsServerStackIsBundled() throws IOException {
        for (Path jar : LIBS.values()) {
            assertThat(classesIn(jar)).as("server classes in %s", jar.getFileName())
                    .noneMatch(name -> name.startsWith("org/gaul/") || name.startsWith("org/eclipse/jetty/")
                            || name.startsWith("org/jclouds/"));
        }
    }

    @Test
    public void sezpozIndexReadBackListsEveryExtensionInThePluginJar() throws IOException {
        Set<String> indexed = new TreeSet<>();
        URL[] path = {pluginJar.toUri().toURL(), Extension.class.getProtectionDomain().getCodeSource().getLocation()};
        try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                if (!item.className().startsWith("io.jenkins.plugins.dr.")) {
                    continue; // core's own index, on the loader's path for the annotation type
                }
                indexed.add(item.kind() == ElementType.TYPE ? item.className()
                        : item.className() + "#" + item.memberName());
            }
        }

        assertThat(indexed).isNotEmpty().containsExactlyInAnyOrderElementsOf(annotatedIn("hudson.Extension"));
        assertThat(indexed).contains(DisasterRecoveryConfiguration.class.getName(),
                "io.jenkins.plugins.dr.steps.DrBackupStep$DescriptorImpl",
                "io.jenkins.plugins.dr.steps.DrVerifyRestoreStep$DescriptorImpl",
                "io.jenkins.plugins.dr.steps.DrFailoverStep$DescriptorImpl",
                "io.jenkins.plugins.dr.steps.DrDrillStep$DescriptorImpl",
                "io.jenkins.plugins.dr.config.RegionEntry$DescriptorImpl",
                "io.jenkins.plugins.dr.config.TargetEntry$DescriptorImpl",
                "io.jenkins.plugins.dr.config.ComponentEntry$DescriptorImpl",
                "io.jenkins.plugins.dr.config.WebhookEntry$DescriptorImpl",
                "io.jenkins.plugins.dr.evidence.DrJobActionFactory",
                "io.jenkins.plugins.dr.evidence.DrManagementLink");
    }

    @Test
    public void symbolIndexListsEveryClassAnnotatedWithSymbol() throws IOException {
        Set<String> indexed;
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            ZipEntry index = jar.getEntry("META-INF/services/annotations/org.jenkinsci.Symbol");
            assertThat(index).as("the @Symbol index").isNotNull();
            indexed = new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank())
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(indexed).isNotEmpty().containsExactlyInAnyOrderElementsOf(annotatedIn("org.jenkinsci.Symbol"));
        assertThat(indexed).contains("io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration",
                "io.jenkins.plugins.dr.steps.DrBackupStep$DescriptorImpl",
                "io.jenkins.plugins.dr.steps.DrDrillStep$DescriptorImpl");
    }

    @Test
    public void everyStepDescriptorsSymbolIsItsFunctionName() throws Exception {
        List<String> symbols = new ArrayList<>();
        try (URLClassLoader loader = pluginClassLoader()) {
            for (String descriptor : annotatedIn("org.jenkinsci.Symbol")) {
                Class<?> type = Class.forName(descriptor, false, loader);
                if (type.getName().contains(".steps.")) {
                    symbols.addAll(List.of(type.getAnnotation(org.jenkinsci.Symbol.class).value()));
                }
            }
        }

        assertThat(symbols).containsExactlyInAnyOrderElementsOf(STEPS);
    }

    @Test
    public void everyJellyViewIsWellFormedXmlThatEscapesByDefault() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        List<String> views = new ArrayList<>();
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            for (ZipEntry entry : jar.stream().filter(e -> e.getName().endsWith(".jelly")).toList()) {
                byte[] content = jar.getInputStream(entry).readAllBytes();
                assertThat(new String(content, StandardCharsets.UTF_8)).as(entry.getName())
                        .startsWith("<?jelly escape-by-default='true'?>");
                factory.newDocumentBuilder().parse(new ByteArrayInputStream(content), entry.getName());
                views.add(entry.getName());
            }
        }

        assertThat(views).contains("index.jelly",
                "io/jenkins/plugins/dr/config/DisasterRecoveryConfiguration/config.jelly",
                "io/jenkins/plugins/dr/evidence/DrEvidenceAction/badge.jelly",
                "io/jenkins/plugins/dr/evidence/DrEvidenceAction/summary.jelly",
                "io/jenkins/plugins/dr/evidence/DrJobAction/index.jelly",
                "io/jenkins/plugins/dr/evidence/DrManagementLink/index.jelly");
    }

    @Test
    public void indexJellyDescribesThePlugin() throws Exception {
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            ZipEntry index = jar.getEntry("index.jelly");
            assertThat(index).as("index.jelly at the root of the plugin jar").isNotNull();
            String description = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(jar.getInputStream(index)).getDocumentElement().getTextContent().strip();
            assertThat(description).contains("Disaster recovery").hasSizeGreaterThan(80);
        }
    }

    @Test
    public void everyStepAndEveryDescribableHasAConfigJelly() throws Exception {
        List<String> missing = new ArrayList<>();
        List<String> configurables = configurableClasses();
        Set<String> entries = entriesOfPluginJar();
        for (String type : configurables) {
            if (!entries.contains(viewFolder(type) + "config.jelly")) {
                missing.add(type);
            }
        }

        assertThat(configurables).as("steps, describables and the global configuration").hasSizeGreaterThanOrEqualTo(9);
        assertThat(missing).as("classes without a config.jelly").isEmpty();
    }

    @Test
    public void everyStepHasAHelpPageForTheSnippetGenerator() throws Exception {
        Set<String> entries = entriesOfPluginJar();
        List<String> steps = configurableClasses().stream().filter(type -> type.contains(".steps.")).toList();

        assertThat(steps).hasSize(STEPS.size());
        assertThat(steps).allMatch(type -> entries.contains(viewFolder(type) + "help.html"));
    }

    /**
     * Every {@code @DataBoundConstructor} parameter and {@code @DataBoundSetter} property has a help-NAME.html in its
     * class's view folder or a superclass's, where Jenkins looks it up; constructor parameter names are in the
     * bytecode (javac -parameters), where Stapler reads them.
     */
    @Test
    public void everyDataBoundParameterHasAHelpFile() throws Exception {
        Set<String> entries = entriesOfPluginJar();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (URLClassLoader loader = pluginClassLoader()) {
            for (String name : configurableClasses()) {
                Class<?> type = Class.forName(name, false, loader);
                for (String property : dataBoundNames(type)) {
                    checked++;
                    boolean found = false;
                    for (Class<?> c = type; c != null && c.getName().startsWith("io.jenkins.plugins.dr."); c = c.getSuperclass()) {
                        found |= entries.contains(viewFolder(c.getName()) + "help-" + property + ".html");
                    }
                    if (!found) {
                        missing.add(name + "#" + property);
                    }
                }
            }
        }

        assertThat(checked).as("data-bound names found").isGreaterThan(50);
        assertThat(missing).as("data-bound names without help").isEmpty();
    }

    @Test
    public void everyHelpFileIsAnHtmlFragmentWithText() throws Exception {
        List<String> helpFiles = new ArrayList<>();
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            for (ZipEntry entry : jar.stream().filter(e -> e.getName().matches(".*/help(-\\w+)?\\.html")).toList()) {
                String text = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).strip();
                assertThat(text).as(entry.getName()).startsWith("<div>").endsWith("</div>");
                assertThat(text.replaceAll("<[^>]+>", "").strip()).as(entry.getName()).hasSizeGreaterThan(40);
                helpFiles.add(entry.getName());
            }
        }

        assertThat(helpFiles).hasSizeGreaterThan(50);
    }

    @Test
    public void everyMaskedPackageIsBundledSoThePluginLoadsItFromItsOwnJars() throws IOException {
        for (String masked : MASKED_PACKAGES) {
            String path = masked.replace('.', '/');
            boolean bundled = false;
            for (Map.Entry<String, Path> lib : LIBS.entrySet()) {
                bundled |= !lib.getKey().equals("disaster-recovery.jar")
                        && classesIn(lib.getValue()).stream().anyMatch(name -> name.startsWith(path));
            }
            assertThat(bundled).as("a bundled jar provides %s", masked).isTrue();
        }
    }

    /**
     * commons-compress 1.28 is built against commons-io 2.20; the bundled commons-io is the one the engine's tests run
     * with. Every commons-io member the bundled commons-compress's archive code (what the engine's tar source and
     * restorer use) refers to must exist in the bundled commons-io, or a backup fails with NoSuchMethodError.
     */
    @Test
    public void theBundledCommonsIoHasEveryMemberTheBundledTarCodeUses() throws Exception {
        Path compress = bundled("commons-compress-");
        Path io = bundled("commons-io-");
        JavaClasses tarCode;
        try (JarFile jar = new JarFile(compress.toFile())) {
            tarCode = new ClassFileImporter().importJar(jar).that(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "archive code", (JavaClass c) -> c.getPackageName().startsWith("org.apache.commons.compress.archivers")
                            || c.getPackageName().equals("org.apache.commons.compress.utils")));
        }
        List<String> missing = new ArrayList<>();
        int references = 0;
        try (URLClassLoader commonsIo = new URLClassLoader(new URL[] {io.toUri().toURL()}, null)) {
            for (JavaClass type : tarCode) {
                for (com.tngtech.archunit.core.domain.JavaAccess<?> access : type.getAccessesFromSelf()) {
                    String owner = access.getTargetOwner().getName();
                    if (!owner.startsWith("org.apache.commons.io.")) {
                        continue;
                    }
                    references++;
                    if (!resolves(commonsIo, access)) {
                        missing.add(access.getDescription());
                    }
                }
            }
        }

        assertThat(references).as("commons-io references in the tar code").isGreaterThan(10);
        assertThat(missing).as("members missing from %s", io.getFileName()).isEmpty();
    }

    private static boolean resolves(ClassLoader loader, com.tngtech.archunit.core.domain.JavaAccess<?> access) {
        try {
            Class<?> owner = Class.forName(access.getTargetOwner().getName(), false, loader);
            if (access instanceof com.tngtech.archunit.core.domain.JavaFieldAccess field) {
                for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
                    try {
                        c.getDeclaredField(field.getTarget().getName());
                        return true;
                    } catch (NoSuchFieldException e) {
                        // look further up
                    }
                }
                return false;
            }
            com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget target =
                    (com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget) access.getTarget();
            Class<?>[] parameters = new Class<?>[target.getRawParameterTypes().size()];
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = rawClass(target.getRawParameterTypes().get(i).getName(), loader);
            }
            if (target.getName().equals("<init>")) {
                owner.getDeclaredConstructor(parameters);
                return true;
            }
            List<Class<?>> candidates = new ArrayList<>();
            for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
                candidates.add(c);
                candidates.addAll(List.of(c.getInterfaces()));
            }
            for (int i = 0; i < candidates.size(); i++) {
                try {
                    candidates.get(i).getDeclaredMethod(target.getName(), parameters);
                    return true;
                } catch (NoSuchMethodException e) {
                    candidates.addAll(List.of(candidates.get(i).getInterfaces()));
                }
            }
            return false;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    private static Class<?> rawClass(String name, ClassLoader loader) throws ClassNotFoundException {
        return switch (name) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "char" -> char.class;
            case "short" -> short.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            default -> name.endsWith("[]") ? rawClass(name.substring(0, name.length() - 2), loader).arrayType()
                    : Class.forName(name, false, name.startsWith("org.apache.commons.io.") ? loader
                            : ClassLoader.getPlatformClassLoader());
        };
    }

    private static Path bundled(String prefix) {
        return LIBS.entrySet().stream().filter(lib -> lib.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in WEB-INF/lib"));
    }

    /** Names Stapler binds: constructor parameters and setter properties, of the class and its superclasses. */
    private static List<String> dataBoundNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (java.lang.reflect.Constructor<?> constructor : type.getConstructors()) {
            if (constructor.isAnnotationPresent(org.kohsuke.stapler.DataBoundConstructor.class)) {
                for (java.lang.reflect.Parameter parameter : constructor.getParameters()) {
                    assertThat(parameter.isNamePresent()).as("parameter names of %s (javac -parameters)", type).isTrue();
                    names.add(parameter.getName());
                }
            }
        }
        for (java.lang.reflect.Method method : type.getMethods()) {
            if (method.isAnnotationPresent(org.kohsuke.stapler.DataBoundSetter.class)) {
                String property = method.getName().substring("set".length());
                names.add(Character.toLowerCase(property.charAt(0)) + property.substring(1));
            }
        }
        return names;
    }

    /** Concrete steps, describables and global configurations of the plugin jar. */
    private static List<String> configurableClasses() throws IOException {
        JavaClasses classes;
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            classes = new ClassFileImporter().importJar(jar);
        }
        List<String> names = new ArrayList<>();
        for (JavaClass type : classes) {
            boolean concrete = !type.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT);
            if (concrete && (type.isAssignableTo("org.jenkinsci.plugins.workflow.steps.Step")
                    || type.isAssignableTo("hudson.model.AbstractDescribableImpl")
                    || type.isAssignableTo("jenkins.model.GlobalConfiguration"))) {
                names.add(type.getName());
            }
        }
        return names;
    }

    private static String viewFolder(String className) {
        return className.replace('.', '/').replace('$', '/') + "/";
    }

    private static Set<String> entriesOfPluginJar() throws IOException {
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            return jar.stream().map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The plugin jar over the test's class path (core and the plugins), as a fresh loader that initialises nothing. */
    private static URLClassLoader pluginClassLoader() throws IOException {
        return new URLClassLoader(new URL[] {pluginJar.toUri().toURL()}, HpiArchiveIT.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.jenkins.plugins.dr.")) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> loaded = findLoadedClass(name);
                        return loaded != null ? loaded : findClass(name);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
    }

    /** short name -> version of each dependency in a Plugin-Dependencies header. */
    private static Map<String, String> pluginDependencies(Attributes manifest) {
        Map<String, String> dependencies = new TreeMap<>();
        String header = manifest.getValue("Plugin-Dependencies");
        if (header != null) {
            for (String dependency : header.split(",")) {
                String[] nameAndVersion = dependency.split(";")[0].strip().split(":");
                dependencies.put(nameAndVersion[0], nameAndVersion[1]);
            }
        }
        return dependencies;
    }

    /**
     * Class files of core (the war's WEB-INF/lib) and of every plugin this one depends on, transitively, optional
     * ones included: the .hpi files the build resolved for the tests, whose manifests name their own dependencies.
     */
    private static Set<String> providedClasses() throws IOException {
        Set<String> provided = new TreeSet<>();
        Path war = Path.of(System.getProperty("dr.jenkinsWar", "target/jenkins-for-test"));
        try (var jars = Files.list(war.resolve("WEB-INF/lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                provided.addAll(classesIn(jar));
            }
        }
        Path plugins = Path.of(System.getProperty("dr.testDependencies", "target/test-classes/test-dependencies"));
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(pluginDependencies(hpiManifest()).keySet());
        Set<String> seen = new TreeSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            Path plugin = plugins.resolve(name + ".hpi");
            assertThat(plugin).as("dependency plugin %s resolved for the tests", name).isRegularFile();
            try (ZipFile archive = new ZipFile(plugin.toFile())) {
                try (InputStream in = archive.getInputStream(archive.getEntry("META-INF/MANIFEST.MF"))) {
                    pending.addAll(pluginDependencies(new Manifest(in).getMainAttributes()).keySet());
                }
                for (ZipEntry entry : archive.stream().filter(e -> e.getName().startsWith("WEB-INF/lib/")
                        && e.getName().endsWith(".jar")).toList()) {
                    Path jar = TEMP.newFile().toPath();
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                    }
                    provided.addAll(classesIn(jar));
                }
            }
        }
        assertThat(seen).contains("aws-java-sdk2-core", "credentials", "workflow-step-api");
        return provided;
    }

    private static Attributes hpiManifest() throws IOException {
        ZipEntry entry = hpi.getEntry("META-INF/MANIFEST.MF");
        assertThat(entry).as("META-INF/MANIFEST.MF in the .hpi").isNotNull();
        try (InputStream in = hpi.getInputStream(entry)) {
            return new Manifest(in).getMainAttributes();
        }
    }

    private static List<String> classesIn(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();
        }
    }

    /** Classes (and members, as {@code Class#member}) of the plugin jar carrying the annotation, from bytecode. */
    private static Set<String> annotatedIn(String annotation) throws IOException {
        JavaClasses classes;
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            classes = new ClassFileImporter().importJar(jar);
        }
        Set<String> annotated = new TreeSet<>();
        for (JavaClass type : classes) {
            if (type.isAnnotatedWith(annotation)) {
                annotated.add(type.getName());
            }
            for (JavaMember member : type.getMembers()) {
                if (member.isAnnotatedWith(annotation)) {
                    annotated.add(type.getName() + "#" + member.getName());
                }
            }
        }
        return annotated;
    }
}
