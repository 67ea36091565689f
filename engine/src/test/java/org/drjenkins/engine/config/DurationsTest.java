package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.junit.experimental.runners.Enclosed;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

@RunWith(Enclosed.class)
public class DurationsTest {

    @RunWith(Parameterized.class)
    public static class Parse {

        @Parameters(name = "{0} -> {1}")
        public static List<Object[]> table() {
            return Arrays.asList(new Object[][] {
                    {"30s", Duration.ofSeconds(30)},
                    {"5m", Duration.ofMinutes(5)},
                    {"1h", Duration.ofHours(1)},
                    {"30d", Duration.ofDays(30)},
                    {"500ms", Duration.ofMillis(500)},
                    {"1h30m", Duration.ofMinutes(90)},
                    {"1h 30m", Duration.ofMinutes(90)},
                    {"2d12h", Duration.ofHours(60)},
                    {"1m30s500ms", Duration.ofMillis(90_500)},
                    {"1.5s", Duration.ofMillis(1500)},
                    {"0.5h", Duration.ofMinutes(30)},
                    {"PT5M", Duration.ofMinutes(5)},
                    {"P30D", Duration.ofDays(30)},
                    {"P1DT2H", Duration.ofHours(26)},
                    {"0", Duration.ZERO},
                    {"0s", Duration.ZERO},
                    {" 15m ", Duration.ofMinutes(15)},
                    {"-5m", Duration.ofMinutes(-5)},
            });
        }

        @Parameter(0)
        public String text;

        @Parameter(1)
        public Duration expected;

        @Test
        public void readsTheDurationAsWritten() {
            assertThat(Durations.parse(text)).isEqualTo(expected);
        }
    }

    @RunWith(Parameterized.class)
    public static class Format {

        @Parameters(name = "{0} -> {1}")
        public static List<Object[]> table() {
            return Arrays.asList(new Object[][] {
                    {Duration.ZERO, "0s"},
                    {Duration.ofSeconds(192), "3m12s"},
                    {Duration.ofMinutes(15), "15m"},
                    {Duration.ofHours(1), "1h"},
                    {Duration.ofDays(30), "30d"},
                    {Duration.ofMinutes(90), "1h30m"},
                    {Duration.ofHours(26), "1d2h"},
                    {Duration.ofSeconds(7205), "2h5s"},
                    {Duration.ofMillis(1500), "1.5s"},
                    {Duration.ofMillis(9999), "9.999s"},
                    {Duration.ofMillis(500), "500ms"},
                    {Duration.ofNanos(1_250_000), "1.25ms"},
                    {Duration.ofMillis(10_700), "10s"},
                    {Duration.ofMillis(299_900), "4m59s"},
                    {Duration.ofMinutes(-5), "-5m"},
            });
        }

        @Parameter(0)
        public Duration duration;

        @Parameter(1)
        public String expected;

        @Test
        public void printsCompactHumanText() {
            assertThat(Durations.format(duration)).isEqualTo(expected);
        }
    }

    public static class Errors {

        @Test
        public void unparseableTextNamesItselfAndTheAcceptedForms() {
            for (String bad : List.of("5", "5 minutes", "1x", "m", "1.s", "P1M", "PT", "--5m")) {
                assertThatThrownBy(() -> Durations.parse(bad))
                        .as(bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("\"" + bad + "\" is not a duration")
                        .hasMessageContaining("500ms, 30s, 5m, 1h30m or 30d")
                        .hasMessageContaining("PT5M");
            }
        }

        @Test
        public void unitsOutOfOrderOrRepeatedAreRejectedRatherThanSummed() {
            assertThatThrownBy(() -> Durations.parse("30m1h")).hasMessageContaining("is not a duration");
            assertThatThrownBy(() -> Durations.parse("1h1h")).hasMessageContaining("is not a duration");
        }

        @Test
        public void blankTextSaysADurationIsRequired() {
            assertThatThrownBy(() -> Durations.parse("  ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a duration is required; use a number with a unit");
        }

        @Test
        public void absurdlyLargeNumbersAreRejectedNotWrapped() {
            assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        }

        @Test
        public void everyFormattedDurationParsesBackToItself() {
            for (Duration duration : List.of(Duration.ZERO, Duration.ofSeconds(192), Duration.ofDays(30).plusHours(4),
                    Duration.ofMillis(1500), Duration.ofMillis(250), Duration.ofMinutes(-90))) {
                assertThat(Durations.parse(Durations.format(duration))).as(duration.toString()).isEqualTo(duration);
            }
        }
    }
}
