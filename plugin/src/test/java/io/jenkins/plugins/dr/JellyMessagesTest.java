package io.jenkins.plugins.dr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Stapler reads {@code ${%Text(a,b)}} as a message with arguments: text in parentheses becomes an expression (a parse
 * error when it is prose, a silently wrong title when it happens to parse), and an apostrophe inside them made the
 * tokenizer loop forever and hang the configuration page. Titles say "X, for postgres" instead.
 */
public class JellyMessagesTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Pattern MESSAGE = Pattern.compile("\\$\\{%([^}]*)}");

    @Test
    public void noLocalizedMessageInAViewUsesParenthesesOrApostrophes() {
        List<Path> views = views();
        assertThat(views).as("jelly views under " + RESOURCES.toAbsolutePath()).hasSizeGreaterThan(10);
        List<String> offending = views.stream().flatMap(JellyMessagesTest::unsafeMessages).toList();
        assertThat(offending).as("messages Stapler would read as arguments").isEmpty();
    }

    @Test
    public void theCheckRecognisesAMessageWithArguments() {
        assertThat(unsafe("<f:entry title=\"${%Path (empty: this controller's home)}\"/>")).hasSize(1);
        assertThat(unsafe("<f:entry title=\"${%Path, for directory}\"/>")).isEmpty();
    }

    private static List<Path> views() {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(file -> file.toString().endsWith(".jelly")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> unsafeMessages(Path view) {
        try {
            return unsafe(Files.readString(view)).stream().map(message -> RESOURCES.relativize(view) + ": " + message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> unsafe(String jelly) {
        Matcher matcher = MESSAGE.matcher(jelly);
        return matcher.results().map(result -> result.group(1))
            .filter(text -> text.indexOf('(') >= 0 || text.indexOf('\'') >= 0).toList();
    }
}
