package io.jenkins.plugins.dr.sharedlibrary;

import static io.jenkins.plugins.dr.sharedlibrary.Canned.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

public class DrWatchTest extends PipelineTestCase {

    /** The label of the node each sh ran in, in the order the sh calls were made. */
    private final List<String> nodeOfEachSh = new ArrayList<>();
    private String currentNode;

    @Before
    public void runBranchesOneAfterAnotherAndRecordTheirNodes() {
        step("parallel", List.of(Map.class), a -> {
            named(a).values().forEach(branch -> ((Closure<?>) branch).call());
            return null;
        });
        step("node", List.of(String.class, Closure.class), a -> {
            currentNode = (String) a[0];
            try {
                return body(a, 1).call();
            } finally {
                currentNode = null;
            }
        });
        when("sh", a -> {
            nodeOfEachSh.add(currentNode);
            return 0;
        });
    }

    @Test
    public void runsOneWatcherPerRegionOnThatRegionsAgentNamingItsRegion() {
        Object result = runVar("drWatch", map("regions", List.of("us-east-1", "eu-west-1"), "config", "/etc/dr/dr.yaml",
                "maxWait", "24h"));

        assertThat(nodeOfEachSh).containsExactly("dr-us-east-1", "dr-eu-west-1");
        List<StepCall> sh = callsTo("sh");
        assertThat(sh).extracting(c -> String.valueOf(c.namedArgs().get("script"))).containsExactly(
                "dr watch --config '/etc/dr/dr.yaml' --region us-east-1 --max-wait 24h",
                "dr watch --config '/etc/dr/dr.yaml' --region eu-west-1 --max-wait 24h");
        assertThat(sh).allSatisfy(c -> assertThat(c.namedArgs().get("returnStatus")).isEqualTo(true));
        assertThat(result).isEqualTo(map("us-east-1", 0, "eu-west-1", 0));
    }

    @Test
    public void aWatcherEndingWithANonZeroExitFailsTheBuildNamingItsRegion() {
        when("sh", a -> String.valueOf(named(a).get("script")).contains("eu-west-1") ? 1 : 0);

        assertThatThrownBy(() -> runVar("drWatch", map("regions", List.of("us-east-1", "eu-west-1"), "dr", "/opt/dr/dr",
                "labelPrefix", "watch-")))
                .isInstanceOf(StepAbort.class)
                .hasMessageStartingWith("drWatch: the watcher in eu-west-1 ended with exit 1");
        assertThat(callsTo("sh")).extracting(c -> String.valueOf(c.namedArgs().get("script")))
                .containsExactly("/opt/dr/dr watch --config 'dr.yaml' --region us-east-1",
                        "/opt/dr/dr watch --config 'dr.yaml' --region eu-west-1");
    }

    @Test
    public void refusesNoRegionsAndWordsThatWouldChangeTheShellCommandBeforeStartingAnyWatcher() {
        assertThatThrownBy(() -> runVar("drWatch", map())).isInstanceOf(StepAbort.class)
                .hasMessageStartingWith("drWatch: regions: list the regions to watch from");
        assertThatThrownBy(() -> runVar("drWatch", map("regions", List.of("eu-west-1; rm -rf /"))))
                .isInstanceOf(StepAbort.class)
                .hasMessage("drWatch: regions: 'eu-west-1; rm -rf /' may hold only letters, digits, '.' and '-'");
        assertThatThrownBy(() -> runVar("drWatch", map("regions", List.of("eu-west-1"), "config", "it's.yaml")))
                .isInstanceOf(StepAbort.class).hasMessageContaining("config: 'it's.yaml' must not contain a quote");
        assertThat(callsTo("sh")).isEmpty();
    }
}
