package org.drjenkins.engine.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in {@code dr.yaml} and read them on badges: {@code 30s}, {@code 5m}, {@code 1h30m},
 * {@code 30d}, {@code 500ms}, ISO-8601 {@code PT5M}.
 *
 * <p>Hand-written because {@link Duration#parse} only reads ISO-8601, which nobody types into a config file, and
 * {@link Duration#toString()} prints {@code PT3M12S}, which nobody wants on a badge.
 */
public final class Durations {

    /** Said by every parse error, so the reader learns the accepted forms from the message alone. */
    public static final String ACCEPTED_FORMS =
            "use a number with a unit (ms, s, m, h, d) such as 500ms, 30s, 5m, 1h30m or 30d, ISO-8601 such as PT5M or P30D, or 0";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)\\s*");

    /** Units from largest to smallest: a combined duration must name them in this order, each once. */
    private static final List<String> UNIT_ORDER = List.of("d", "h", "m", "s", "ms");

    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private Durations() {
    }

    /**
     * Reads {@code 30s}, {@code 5m}, {@code 1h}, {@code 30d}, {@code 500ms}, {@code 1.5s}, combined {@code 1h30m} (units
     * largest first), ISO-8601 {@code PT5M} / {@code P30D}, and {@code 0}. A leading {@code -} gives a negative
     * duration, so that callers can say "is negative" rather than "is not a duration".
     *
     * @throws IllegalArgumentException naming the bad text and the accepted forms
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required; " + ACCEPTED_FORMS);
        }
        String trimmed = text.strip();
        boolean negative = trimmed.startsWith("-");
        String body = negative ? trimmed.substring(1).strip() : trimmed;
        Duration magnitude;
        try {
            magnitude = parseMagnitude(body);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too large for a duration; " + ACCEPTED_FORMS, e);
        }
        if (magnitude == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; " + ACCEPTED_FORMS);
        }
        return negative ? magnitude.negated() : magnitude;
    }

    private static Duration parseMagnitude(String body) {
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        if (!body.isEmpty() && (body.charAt(0) == 'P' || body.charAt(0) == 'p')) {
            try {
                Duration iso = Duration.parse(body);
                return iso.isNegative() ? null : iso;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher matcher = PART.matcher(body);
        Duration total = Duration.ZERO;
        int position = 0;
        int lastUnit = -1;
        while (position < body.length()) {
            matcher.region(position, body.length());
            if (!matcher.lookingAt()) {
                return null;
            }
            int unit = UNIT_ORDER.indexOf(matcher.group(2));
            if (unit <= lastUnit) {
                return null;
            }
            lastUnit = unit;
            total = total.plus(nanosOf(new BigDecimal(matcher.group(1)), matcher.group(2)));
            position = matcher.end();
        }
        return lastUnit < 0 ? null : total;
    }

    private static Duration nanosOf(BigDecimal amount, String unit) {
        BigDecimal nanosPerUnit = switch (unit) {
            case "ms" -> NANOS_PER_MILLI;
            case "s" -> NANOS_PER_SECOND;
            case "m" -> NANOS_PER_SECOND.multiply(BigDecimal.valueOf(60));
            case "h" -> NANOS_PER_SECOND.multiply(BigDecimal.valueOf(3600));
            case "d" -> NANOS_PER_SECOND.multiply(BigDecimal.valueOf(86_400));
            default -> throw new IllegalStateException("unit " + unit);
        };
        BigDecimal nanos = amount.multiply(nanosPerUnit).setScale(0, RoundingMode.HALF_UP);
        BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
        return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    }

    /**
     * Compact text for people: {@code 3m12s}, {@code 15m}, {@code 1h}, {@code 1d2h}, {@code 30d}, {@code 0s}. Under ten
     * seconds the fraction matters and is kept ({@code 1.5s}, {@code 500ms}); from ten seconds on, the sub-second part is
     * dropped (truncated, never rounded up into the next unit). {@link #parse} reads every result back.
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return decimal(BigDecimal.valueOf(duration.toNanos()).divide(NANOS_PER_MILLI), 3) + "ms";
        }
        if (duration.compareTo(Duration.ofSeconds(10)) < 0 && duration.getNano() != 0) {
            return decimal(BigDecimal.valueOf(duration.toNanos()).divide(NANOS_PER_SECOND), 3) + "s";
        }
        long seconds = duration.getSeconds();
        StringBuilder text = new StringBuilder();
        append(text, seconds / 86_400, "d");
        append(text, seconds % 86_400 / 3600, "h");
        append(text, seconds % 3600 / 60, "m");
        append(text, seconds % 60, "s");
        return text.toString();
    }

    private static String decimal(BigDecimal value, int maxDecimals) {
        BigDecimal rounded = value.setScale(maxDecimals, RoundingMode.HALF_UP).stripTrailingZeros();
        if (rounded.signum() == 0) {
            // Below what the scale shows (sub-microsecond): the smallest visible step, rather than a misleading 0.
            rounded = BigDecimal.ONE.movePointLeft(maxDecimals);
        }
        return rounded.toPlainString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount != 0) {
            text.append(amount).append(unit);
        }
    }
}
