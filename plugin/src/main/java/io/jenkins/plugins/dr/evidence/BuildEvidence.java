package io.jenkins.plugins.dr.evidence;

import java.util.List;

/**
 * The evidence one build recorded, with what the dashboards show of the build.
 *
 * @param number the build number
 * @param url    the build's URL relative to Jenkins' root, e.g. {@code job/nightly/12/}
 * @param result SUCCESS, UNSTABLE, FAILURE, ABORTED, or null while it runs
 */
public record BuildEvidence(int number, String url, String result, List<Evidence> evidence) {
    public BuildEvidence {
        evidence = List.copyOf(evidence);
    }
}
