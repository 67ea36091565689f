package io.jenkins.plugins.dr.build;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/services/annotations/<annotation>} for every annotation meta-annotated with
 * annotation-indexer's {@code @Indexed} (in this plugin: {@code @Symbol}, {@code @ExportedBean}): one binary class
 * name per line, the format Jenkins reads. Hand-written because annotation-indexer on Maven Central is 1.4, whose
 * processor fails on JDK 17 unless the index already exists; this one is a build tool, never packaged.
 */
@SupportedAnnotationTypes("*")
public final class IndexedAnnotationsProcessor extends AbstractProcessor {
    private static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";
    private static final String INDEX_DIRECTORY = "META-INF/services/annotations/";

    private final Map<String, Set<String>> classesByAnnotation = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            classesByAnnotation.forEach(this::writeIndex);
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (isIndexed(annotation)) {
                Set<String> classes = classesByAnnotation.computeIfAbsent(
                        processingEnv.getElementUtils().getBinaryName(annotation).toString(), name -> new TreeSet<>());
                for (Element annotated : round.getElementsAnnotatedWith(annotation)) {
                    classes.add(processingEnv.getElementUtils().getBinaryName(enclosingType(annotated)).toString());
                }
            }
        }
        // Never claim: sezpoz's processor must still see @Extension on the same classes.
        return false;
    }

    private static boolean isIndexed(TypeElement annotation) {
        for (AnnotationMirror meta : annotation.getAnnotationMirrors()) {
            if (((TypeElement) meta.getAnnotationType().asElement()).getQualifiedName().contentEquals(INDEXED)) {
                return true;
            }
        }
        return false;
    }

    /** annotation-indexer lists the declaring class when a field or method carries the annotation. */
    private static TypeElement enclosingType(Element element) {
        Element current = element;
        while (!(current instanceof TypeElement)) {
            current = current.getEnclosingElement();
        }
        return (TypeElement) current;
    }

    private void writeIndex(String annotation, Set<String> classes) {
        try {
            FileObject index = processingEnv.getFiler()
                    .createResource(StandardLocation.CLASS_OUTPUT, "", INDEX_DIRECTORY + annotation);
            try (Writer out = index.openWriter()) {
                for (String name : classes) {
                    out.write(name);
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "Cannot write " + INDEX_DIRECTORY + annotation + ": " + e.getMessage()
                            + " (is the class output directory writable?)");
        }
    }
}
