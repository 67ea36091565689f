package org.drjenkins.engine.config;

import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;

import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Optional;

/** Checks that a recipient is an age X25519 public key, so a typo fails now and not at the first encrypted backup. */
final class AgeRecipients {

    private static final String PREFIX = "age1";
    private static final int DATA_LENGTH = 58;
    /** Bech32's alphabet: no b, i, o or 1 after the separator. */
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private AgeRecipients() {
    }

    /**
     * Why {@code recipient} is not an age public key, or empty when it is. The reason never repeats the value: a
     * pasted secret key must not end up in a log.
     */
    static Optional<String> problem(String recipient) {
        String value = recipient.strip();
        if (value.toUpperCase(Locale.ROOT).startsWith("AGE-SECRET-KEY-")) {
            return Optional.of("is an age SECRET key; dr.yaml takes public keys only: put the output of "
                    + "age-keygen -y (age1...) here, keep the secret key out of the file and rotate it if it was shared");
        }
        if (value.startsWith("AGE1")) {
            return Optional.of("is uppercase; write age public keys in lowercase (age1...)");
        }
        if (!value.startsWith(PREFIX)) {
            return Optional.of("is not an age public key; recipients look like age1 followed by 58 characters "
                    + "(age-keygen -y prints one)");
        }
        String data = value.substring(PREFIX.length());
        if (data.length() != DATA_LENGTH) {
            return Optional.of("has " + data.length() + " characters after age1 instead of " + DATA_LENGTH
                    + "; copy the whole key from age-keygen -y");
        }
        for (char c : data.toCharArray()) {
            if (BECH32.indexOf(c) < 0) {
                return Optional.of("contains '" + c + "', which never occurs in an age public key; copy the key again");
            }
        }
        try {
            X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(value);
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of("has a wrong checksum (a typo?); copy the key again from age-keygen -y");
        }
        return Optional.empty();
    }
}
