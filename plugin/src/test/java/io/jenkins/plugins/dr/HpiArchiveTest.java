package io.jenkins.plugins.dr;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import hudson.Extension;
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

/** The assembled .hpi, checked the way Jenkins will read it (jenkins-api.md, "The .hpi"). */
public class HpiArchiveTest {
    private static final String PLUGIN_JAR = "WEB-INF/lib/disaster-recovery.jar";
    private static final String SDK_VERSION = "2.31.63";
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
    public void manifestDeclaresThePluginWithTheExactValuesJenkinsReads() throws IOException {
        Attributes manifest = hpiManifest();

        assertThat(manifest.getValue("Manifest-Version")).isEqualTo("1.0");
        assertThat(manifest.getValue("Short-Name")).isEqualTo("disaster-recovery");
        assertThat(manifest.getValue("Long-Name")).isEqualTo("Disaster Recovery");
        assertThat(manifest.getValue("Plugin-Version")).isEqualTo(System.getProperty("dr.pluginVersion"))
                .isNotBlank();
        assertThat(manifest.getValue("Jenkins-Version")).isEqualTo("2.479.3");
        assertThat(manifest.getValue("Plugin-Dependencies")).isEqualTo(String.join(",",
                "workflow-step-api:704.ve4f0967e98fa_",
                "structs:350.v3b_30f09f2363",
                "credentials:1415.v831096eb_5534",
                "plain-credentials:199.v9f8e1f741799",
                "aws-java-sdk2-core:2.31.63-54.vcf1e5a_c56c49",
                "aws-java-sdk2-s3:2.31.63-54.vcf1e5a_c56c49",
                "aws-credentials:248.v78a_dcfc9db_ff;resolution:=optional"));
        assertThat(manifest.getValue("Url")).startsWith("https://");
        assertThat(manifest.getValue("Support-Dynamic-Loading")).isEqualTo("true");
        assertThat(manifest.getValue("Group-Id")).isEqualTo("io.jenkins.plugins.dr");
        assertThat(manifest.getValue("Artifact-Id")).isEqualTo("disaster-recovery");
    }

    @Test
    public void manifestHasNeitherMinimumJavaVersionNorPluginClass() throws IOException {
        Attributes manifest = hpiManifest();

        assertThat(manifest.getValue("Minimum-Java-Version")).isNull();
        assertThat(manifest.getValue("Plugin-Class")).isNull();
    }

    @Test
    public void pluginJarCarriesTheSameManifestAsTheArchive() throws IOException {
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            assertThat(jar.getManifest().getMainAttributes()).isEqualTo(hpiManifest());
        }
    }

    @Test
    public void webInfLibHoldsThePluginJarAndExactlyTheRuntimeDependencies() {
        Set<String> expected = BundledDependencies.read().coordinates().stream()
                .map(BundledDependencies.Coordinate::fileName)
                .collect(Collectors.toCollection(TreeSet::new));
        expected.add("disaster-recovery.jar");

        assertThat(LIBS.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(LIBS.keySet()).anyMatch(name -> name.startsWith("disaster-recovery-engine-"));
        assertThat(hpi.stream().map(ZipEntry::getName).filter(name -> !name.endsWith("/")))
                .allMatch(name -> name.equals("META-INF/MANIFEST.MF") || name.startsWith("WEB-INF/lib/"));
    }

    @Test
    public void noBundledJarContainsJenkinsApiClasses() throws IOException {
        for (Path jar : LIBS.values()) {
            assertThat(classesIn(jar))
                    .as("Jenkins API classes in %s (the stubs must never be packaged)", jar.getFileName())
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
                indexed.add(item.kind() == ElementType.TYPE ? item.className()
                        : item.className() + "#" + item.memberName());
            }
        }

        assertThat(indexed).isNotEmpty().containsExactlyInAnyOrderElementsOf(annotatedIn("hudson.Extension"));
        assertThat(indexed).contains(DisasterRecoveryConfiguration.class.getName());
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
                "io/jenkins/plugins/dr/DisasterRecoveryConfiguration/config.jelly");
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
