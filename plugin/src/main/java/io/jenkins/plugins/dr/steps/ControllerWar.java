package io.jenkins.plugins.dr.steps;

/**
 * Where the running controller's own war is, so a jenkins-home backup can be proven by booting the same Jenkins
 * without naming a war: Jenkins' launcher records it in the {@code executable-war} system property. Absent when the
 * controller runs from an exploded webapp (a servlet container, a test harness): then the step needs {@code war}.
 */
final class ControllerWar {

    private ControllerWar() {
    }

    static String path() {
        return System.getProperty("executable-war");
    }
}
