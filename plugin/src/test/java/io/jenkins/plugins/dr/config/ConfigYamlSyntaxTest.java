package io.jenkins.plugins.dr.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class ConfigYamlSyntaxTest {
    private static final String PLAN = String.join("\n",
            "regions:",
            "  - name: us-east-1",
            "    role: primary",
            "  - name: eu-west-1",
            "    role: standby",
            "components:",
            "  jenkins-db:",
            "    type: postgres",
            "");

    @Test
    public void aYamlMappingHasNoProblem() {
        assertThat(ConfigYamlSyntax.problemIn(PLAN)).isEmpty();
    }

    @Test
    public void missingOrBlankTextIsReportedAsEmpty() {
        assertThat(ConfigYamlSyntax.problemIn(null)).hasValueSatisfying(m -> assertThat(m).contains("is empty"));
        assertThat(ConfigYamlSyntax.problemIn("")).hasValueSatisfying(m -> assertThat(m).contains("is empty"));
        assertThat(ConfigYamlSyntax.problemIn(" \n\t\n")).hasValueSatisfying(m -> assertThat(m).contains("is empty"));
    }

    @Test
    public void textWithOnlyCommentsIsReportedAsHavingNoSettings() {
        assertThat(ConfigYamlSyntax.problemIn("# regions: to do\n"))
                .hasValueSatisfying(m -> assertThat(m).contains("only comments"));
    }

    @Test
    public void aTopLevelListOrScalarIsRejectedAsNotAMapping() {
        assertThat(ConfigYamlSyntax.problemIn("- us-east-1\n- eu-west-1\n"))
                .hasValueSatisfying(m -> assertThat(m).contains("must be a mapping").endsWith("not a list."));
        assertThat(ConfigYamlSyntax.problemIn("just words"))
                .hasValueSatisfying(m -> assertThat(m).contains("must be a mapping").endsWith("not a single value."));
    }

    @Test
    public void malformedYamlNamesLineAndColumnWithoutQuotingTheText() {
        String secret = "s3cr3t-Value-42";
        String broken = "regions:\n  - name: us-east-1\n    password: [" + secret + "\n  role: primary\n";

        assertThat(ConfigYamlSyntax.problemIn(broken)).hasValueSatisfying(message -> {
            assertThat(message).startsWith("The dr.yaml configuration is not valid YAML at line ");
            assertThat(message).containsPattern("line \\d+, column \\d+: \\S");
            assertThat(message).doesNotContain(secret).doesNotContain("\n");
        });
    }

    @Test
    public void aTabUsedForIndentationIsReportedAtItsLine() {
        String tabbed = "regions:\n\t- name: us-east-1\n";

        assertThat(ConfigYamlSyntax.problemIn(tabbed))
                .hasValueSatisfying(m -> assertThat(m).contains("at line 2, column 1"));
    }
}
