package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.Test;

/** {@code watch.quorum}: how many watchers in different regions must agree before one fails over. */
public class ConfigLoaderWatchTest {

    private static final String TWO_REGIONS = "regions:\n"
            + "  - { name: us-east-1, role: primary, bucket: dr-use1 }\n"
            + "  - { name: eu-west-1, role: secondary, bucket: dr-euw1 }\n";

    @Test
    public void withoutAWatchSectionOneWatcherDecidesAlone() {
        assertThat(ConfigLoader.parse(TWO_REGIONS, "dr.yaml").watch().quorum()).isEqualTo(1);
    }

    @Test
    public void aQuorumUpToTheNumberOfRegionsIsRead() {
        assertThat(ConfigLoader.parse(TWO_REGIONS + "watch: { quorum: 2 }\n", "dr.yaml").watch().quorum()).isEqualTo(2);
        assertThat(ConfigLoader.parse(TWO_REGIONS + "watch: { quorum: '1' }\n", "dr.yaml").watch().quorum())
                .isEqualTo(1);
    }

    @Test
    public void aQuorumAboveTheRegionsOrBelowOneIsRefusedNamingTheFieldAndTheRange() {
        for (String quorum : new String[] {"3", "0"}) {
            ConfigException e = catchThrowableOfType(() -> ConfigLoader.parse(TWO_REGIONS + "watch: { quorum: " + quorum
                    + " }\n", "dr.yaml"), ConfigException.class);

            assertThat(e.problems()).as(quorum).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("watch.quorum");
                assertThat(p.message()).contains(quorum + " is not a number of watchers").contains("from 1 to 2");
            });
        }
    }

    @Test
    public void anUnknownKeyOrAWordIsRefusedNamingTheField() {
        ConfigException unknown = catchThrowableOfType(() -> ConfigLoader.parse(TWO_REGIONS + "watch: { quroum: 2 }\n",
                "dr.yaml"), ConfigException.class);
        ConfigException word = catchThrowableOfType(() -> ConfigLoader.parse(TWO_REGIONS + "watch: { quorum: two }\n",
                "dr.yaml"), ConfigException.class);

        assertThat(unknown.problems()).singleElement().satisfies(p -> assertThat(p.field()).startsWith("watch"));
        assertThat(unknown.problems().get(0).toString()).contains("quroum");
        assertThat(word.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("watch.quorum");
            assertThat(p.message()).contains("not a whole number");
        });
    }
}
