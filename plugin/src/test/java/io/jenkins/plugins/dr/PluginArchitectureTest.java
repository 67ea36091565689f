package io.jenkins.plugins.dr;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchUnitRunner;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import jenkins.model.Jenkins;
import org.junit.runner.RunWith;
import org.kohsuke.stapler.verb.POST;

/** Rules from jenkins-api.md that a compiler cannot enforce (after warnings-ng's architecture tests). */
@RunWith(ArchUnitRunner.class)
@AnalyzeClasses(packages = "io.jenkins.plugins.dr", importOptions = ImportOption.DoNotIncludeTests.class)
public class PluginArchitectureTest {
    private static final Set<String> PERMISSION_CHECKS = Set.of("checkPermission", "hasPermission");

    @ArchTest
    static final ArchRule onlyJenkinsFacadeReachesTheJenkinsSingleton = noClasses()
            .that().doNotHaveFullyQualifiedName(JenkinsFacade.class.getName())
            .should().callMethod(Jenkins.class, "get")
            .orShould().callMethod(Jenkins.class, "getInstanceOrNull")
            .because("everything but JenkinsFacade must be testable without a running Jenkins");

    @ArchTest
    static final ArchRule formCheckAndFillMethodsAnswerOnlyPostAndCheckAPermission = methods()
            .that().arePublic().and().haveNameMatching("do(Check|Fill)\\w*")
            .should().beAnnotatedWith(POST.class)
            .andShould(checkAPermission())
            .because("form endpoints are reachable by URL: a GET from another site or a user without rights"
                    + " must not run them (CSRF, information disclosure)");

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
