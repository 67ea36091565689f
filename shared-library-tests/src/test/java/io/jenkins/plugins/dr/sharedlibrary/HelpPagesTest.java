package io.jenkins.plugins.dr.sharedlibrary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.xml.sax.InputSource;

/** Jenkins shows vars/NAME.txt in its global variable reference: every var has one, and it documents every argument. */
public class HelpPagesTest {

    private static final Path VARS = PipelineTestCase.REPO.resolve("vars");
    private static final Pattern ARGUMENT = Pattern.compile("\\bargs\\.(\\w+)");

    @Test
    public void everyVarHasAWellFormedHelpPageWithAnExampleCallingIt() throws Exception {
        List<String> vars = varNames();
        assertThat(vars).contains("drNightlyBackup", "drQuarterlyDrill", "drFailoverWithApproval");

        for (String var : vars) {
            Path page = VARS.resolve(var + ".txt");
            assertThat(page).as("help page of %s", var).exists();
            String html = Files.readString(page, StandardCharsets.UTF_8);
            // Well-formed, so that any HTML renderer shows it as written.
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader("<div>" + html + "</div>")));
            assertThat(html).as("example in the help page of %s", var).containsPattern("<pre>[^<]*" + var + "\\(");
        }
    }

    @Test
    public void everyArgumentAVarReadsIsDocumentedInItsHelpPage() throws IOException {
        for (String var : varNames()) {
            String source = Files.readString(VARS.resolve(var + ".groovy"), StandardCharsets.UTF_8);
            String html = Files.readString(VARS.resolve(var + ".txt"), StandardCharsets.UTF_8);
            Set<String> arguments = new TreeSet<>();
            Matcher matcher = ARGUMENT.matcher(source);
            while (matcher.find()) {
                arguments.add(matcher.group(1));
            }
            assertThat(arguments).as("arguments of %s", var).isNotEmpty();
            for (String argument : arguments) {
                assertThat(html).as("help page of %s documents argument %s", var, argument)
                        .contains("<dt><code>" + argument + "</code>");
            }
        }
    }

    private static List<String> varNames() throws IOException {
        try (Stream<Path> files = Files.list(VARS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".groovy"))
                    .map(n -> n.substring(0, n.length() - ".groovy".length())).sorted().collect(Collectors.toList());
        }
    }
}
