package org.drjenkins.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.Test;

/** The engine must run outside Jenkins (the dr command line, any JVM): no Jenkins type may leak into it. */
public class EngineIndependenceTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.drjenkins.engine");

    @Test
    public void engineDependsOnNoJenkinsType() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("hudson..", "jenkins..", "org.jenkinsci..", "org.kohsuke..", "com.cloudbees..")
                .because("the engine is plain Java: Jenkins glue belongs in plugin/")
                .check(ENGINE);
    }

    @Test
    public void engineDoesNotDependOnTheCommandLine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.drjenkins.cli..", "picocli..")
                .because("the plugin runs the engine without the command line")
                .check(ENGINE);
    }

    @Test
    public void enginePackagesAreFreeOfCycles() {
        slices().matching("org.drjenkins.engine.(*)..").should().beFreeOfCycles()
                .because("packages are by capability: a cycle means two capabilities cannot be understood apart")
                .check(ENGINE);
    }
}
