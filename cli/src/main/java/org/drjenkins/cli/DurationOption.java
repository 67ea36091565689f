package org.drjenkins.cli;

import java.time.Duration;
import java.util.Optional;
import org.drjenkins.engine.config.Durations;
import org.drjenkins.engine.util.InvalidRequestException;

/** Reads a duration option ({@code --interval 500ms}) as dr.yaml writes durations; a bad one is bad input (exit 2). */
final class DurationOption {

    private DurationOption() {
    }

    static Optional<Duration> positive(String option, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Duration value;
        try {
            value = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(option + ": " + e.getMessage());
        }
        if (value.isNegative() || value.isZero()) {
            throw new InvalidRequestException(option + " " + text + ": must be positive, e.g. 30s");
        }
        return Optional.of(value);
    }
}
