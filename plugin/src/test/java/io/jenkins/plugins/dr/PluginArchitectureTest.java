package io.jenkins.plugins.dr;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchUnitRunner;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import hudson.FilePath;
import io.jenkins.plugins.dr.agent.AgentCallable;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import java.util.Set;
import jenkins.model.Jenkins;
import org.junit.runner.RunWith;
import org.kohsuke.stapler.verb.POST;

/** Rules from jenkins-api.md that a compiler cannot enforce (after warnings-ng's architecture tests). */
@RunWith(ArchUnitRunner.class)
@AnalyzeClasses(packages = "io.jenkins.plugins.dr", importOptions = ImportOption.DoNotIncludeTests.class)
public class PluginArchitectureTest {
    private static final Set<String> PERMISSION_CHECKS = Set.of("checkPermission", "hasPermission");
    /** The engine's packages that do work (I/O, processes, network), as opposed to its model and formats. */
    private static final String[] ENGINE_SERVICES = {"org.drjenkins.engine.backup..", "org.drjenkins.engine.restore..",
        "org.drjenkins.engine.storage..", "org.drjenkins.engine.failover..", "org.drjenkins.engine.drill..",
        "org.drjenkins.engine.postgres..", "org.drjenkins.engine.source..", "org.drjenkins.engine.replication..",
        "org.drjenkins.engine.retention..", "org.drjenkins.engine.notify..", "org.drjenkins.engine.secrets..",
        "org.drjenkins.engine.wal..", "org.drjenkins.engine.codec.."};
    private static final String[] JENKINS_API = {"hudson..", "jenkins..", "org.jenkinsci..", "org.kohsuke..",
        "com.cloudbees.."};

    @ArchTest
    static final ArchRule onlyJenkinsFacadeReachesTheJenkinsSingleton = noClasses()
            .that().doNotHaveFullyQualifiedName(JenkinsFacade.class.getName())
            .should().callMethod(Jenkins.class, "get")
            .orShould().callMethod(Jenkins.class, "getInstanceOrNull")
            .because("everything but JenkinsFacade must be testable without a running Jenkins");

    @ArchTest
    static final ArchRule onlyJenkinsFacadeLooksUpExtensions = noClasses()
            .that().doNotHaveFullyQualifiedName(JenkinsFacade.class.getName())
            .should().callMethod(hudson.ExtensionList.class, "lookupSingleton", Class.class)
            .because("the global configuration is reached through the one facade, like the Jenkins singleton");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.jenkins.plugins.dr.(*)..")
            .should().beFreeOfCycles()
            .because("each package has one job; a cycle means two of them are one");

    @ArchTest
    static final ArchRule stepsAndTheirExecutionsAreFinal = classes()
            .that().areAssignableTo(Step.class).and().doNotHaveModifier(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
            .or().areAssignableTo(StepExecution.class).and().doNotHaveModifier(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
            .should().haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
            .because("a step's arguments and its execution are its contract: nothing may subclass and change them");

    @ArchTest
    static final ArchRule formCheckAndFillMethodsAnswerOnlyPostAndCheckAPermission = methods()
            .that().arePublic().and().haveNameMatching("do(Check|Fill)\\w*")
            .should().beAnnotatedWith(POST.class)
            .andShould(checkAPermission())
            .because("form endpoints are reachable by URL: a GET from another site or a user without rights"
                    + " must not run them (CSRF, information disclosure)");

    @ArchTest
    static final ArchRule onlyAgentTasksUseTheEnginesServices = noClasses()
            .that().resideOutsideOfPackage("io.jenkins.plugins.dr.agent..")
            .should().dependOnClassesThat().resideInAnyPackage(ENGINE_SERVICES)
            .because("the engine runs on the agent of the enclosing node, never on the controller: pg_dump, the"
                    + " database and the network paths are the agent's");

    @ArchTest
    static final ArchRule stepsNeverTouchTheEngine = noClasses()
            .that().resideInAPackage("io.jenkins.plugins.dr.steps..")
            .should().dependOnClassesThat().resideInAPackage("org.drjenkins.engine..")
            .because("a step execution does its engine work only through an agent task sent with FilePath.act");

    @ArchTest
    static final ArchRule stepsSendTheirWorkToTheAgent = classes()
            .that().haveFullyQualifiedName("io.jenkins.plugins.dr.steps.StepRun")
            .should().callMethod(FilePath.class, "act", FilePath.FileCallable.class)
            .andShould().callConstructor(AgentCallable.class, io.jenkins.plugins.dr.agent.AgentTask.class,
                    hudson.model.TaskListener.class);

    @ArchTest
    static final ArchRule agentTasksArePlainJava = noClasses()
            .that().resideInAPackage("io.jenkins.plugins.dr.agent..")
            .and().doNotHaveFullyQualifiedName(AgentCallable.class.getName())
            // The localizer's generated texts: plain Java (org.jvnet.localizer) but for an access-modifier annotation.
            .and().doNotHaveFullyQualifiedName("io.jenkins.plugins.dr.agent.Messages")
            .should().dependOnClassesThat().resideInAnyPackage(JENKINS_API)
            .because("the tasks are what runs on the agent; tests run them as they are, without Jenkins");

    @ArchTest
    static final ArchRule onlyOneClassLinksAgainstTheOptionalAwsCredentialsPlugin = noClasses()
            .that().doNotHaveFullyQualifiedName("io.jenkins.plugins.dr.credentials.AwsPluginCredentials")
            .should().dependOnClassesThat().resideInAPackage("com.cloudbees.jenkins.plugins.awscredentials..")
            .because("aws-credentials is optional: only a class loaded after finding one of its credentials may"
                    + " refer to it, or the plugin fails to load without it");

    private static ArchCondition<JavaMethod> checkAPermission() {
        return new ArchCondition<>("check a permission") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean checks = method.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> PERMISSION_CHECKS.contains(call.getTarget().getName()));
                events.add(new SimpleConditionEvent(method, checks,
                        method.getFullName() + (checks ? " checks" : " does not check") + " a permission"));
            }
        };
    }
}
