package org.drjenkins.engine.util;

import java.util.Locale;

/**
 * Parameters spelled like command-line options, so that engine tests can state a message as a user of the CLI reads
 * it (the CLI's own naming lives in the cli module, which the engine does not see).
 */
public final class OptionNames implements ParameterNames {
    private static final OptionNames INSTANCE = new OptionNames();

    private OptionNames() {
    }

    /** The message of an {@link InvalidRequestException} with option spellings. */
    public static String of(Throwable e) {
        return ((InvalidRequestException) e).message(INSTANCE);
    }

    @Override
    public String name(Parameter parameter) {
        return parameter == Parameter.AGE_IDENTITY ? "DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE"
                : "--" + parameter.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
