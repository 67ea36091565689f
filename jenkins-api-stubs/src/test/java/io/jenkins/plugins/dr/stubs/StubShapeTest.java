package io.jenkins.plugins.dr.stubs;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Two mistakes a stub can make that no compiler reports and that only show in a running Jenkins. Classes are
 * loaded without initialisation: no stub code runs here.
 */
public class StubShapeTest {

    @Test
    public void everyStubAnnotationIsRetainedAtRunTimeSoJenkinsCanReadItByReflection() throws Exception {
        List<String> notRuntime = new ArrayList<>();
        for (Class<?> type : stubClasses()) {
            if (type.isAnnotation()) {
                Retention retention = type.getAnnotation(Retention.class);
                if (retention == null || retention.value() != RetentionPolicy.RUNTIME) {
                    notRuntime.add(type.getName());
                }
            }
        }

        assertThat(stubClasses()).anyMatch(Class::isAnnotation);
        assertThat(notRuntime).as("annotations a plugin would carry in RuntimeInvisibleAnnotations").isEmpty();
    }

    @Test
    public void noStubFieldIsACompileTimeConstantThatJavacWouldCopyIntoThePlugin() throws Exception {
        List<String> constants = new ArrayList<>();
        for (Class<?> type : stubClasses()) {
            for (Field field : type.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                boolean visible = !Modifier.isPrivate(modifiers);
                boolean constantType = field.getType().isPrimitive() || field.getType() == String.class;
                if (visible && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && constantType) {
                    constants.add(type.getName() + "." + field.getName());
                }
            }
        }

        assertThat(constants).as("placeholder values javac would inline instead of reading Jenkins' own").isEmpty();
    }

    private static List<Class<?>> stubClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Extension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), ".");
                classes.add(Class.forName(name.substring(0, name.length() - ".class".length()), false,
                        StubShapeTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
