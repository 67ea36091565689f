package io.jenkins.plugins.dr.credentials;

import java.util.Optional;

/** The private age key in a secret file as age-keygen writes it: comments, then one AGE-SECRET-KEY-1 line. */
public final class AgeIdentities {
    public static final String PREFIX = "AGE-SECRET-KEY-1";

    private AgeIdentities() {
    }

    public static Optional<String> firstIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return text.lines().map(String::strip).filter(line -> line.startsWith(PREFIX)).findFirst();
    }
}
