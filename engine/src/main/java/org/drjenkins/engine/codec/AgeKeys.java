package org.drjenkins.engine.codec;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

/**
 * age X25519 keys as the {@code age} tools write them: recipients {@code age1…} (public), identities
 * {@code AGE-SECRET-KEY-1…} (private). No method puts an identity into a message or a {@code toString}.
 */
public final class AgeKeys {

    static final String RECIPIENT_PREFIX = "age1";
    static final String IDENTITY_PREFIX = "AGE-SECRET-KEY-1";

    private AgeKeys() {
    }

    /**
     * A fresh key pair, as {@code age-keygen} makes.
     *
     * @param recipient the public key to encrypt to ({@code age1…})
     * @param identity  the private key that decrypts ({@code AGE-SECRET-KEY-1…}); {@link #toString()} hides it
     */
    public record KeyPair(String recipient, String identity) {

        /** The identity file {@code age-keygen -o} writes: a comment with the public key, then the secret line. */
        public String identityFileContent() {
            return "# public key: " + recipient + "\n" + identity + "\n";
        }

        @Override
        public String toString() {
            return "KeyPair[recipient=" + recipient + ", identity=****]";
        }
    }

    /** Whether {@code value} is a well-formed X25519 recipient ({@code age1…} with a valid checksum and key). */
    public static boolean isRecipient(String value) {
        if (value == null || !value.startsWith(RECIPIENT_PREFIX)) {
            return false;
        }
        try {
            X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(value);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code value} is a well-formed X25519 identity ({@code AGE-SECRET-KEY-1…} with a valid checksum). */
    public static boolean isIdentity(String value) {
        if (value == null || !value.toUpperCase(Locale.ROOT).startsWith(IDENTITY_PREFIX)) {
            return false;
        }
        try {
            derivePublic(value);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A new random key pair. */
    public static KeyPair generate() {
        try {
            java.security.KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
            // Jagged's keys render as their Bech32 encodings, which are exactly age's text forms.
            return new KeyPair(pair.getPublic().toString(), pair.getPrivate().toString());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no X25519 key pair generator (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The recipient ({@code age1…}) whose files {@code identity} decrypts, as {@code age-keygen -y} prints. */
    public static String recipientOf(String identity) {
        try {
            return derivePublic(identity);
        } catch (GeneralSecurityException | RuntimeException e) {
            // No cause: Jagged's messages may quote parts of the input, which is secret.
            throw new IllegalArgumentException("not an age identity: expected an age secret key as age-keygen writes it");
        }
    }

    /**
     * The identities in {@code text}: a bare {@code AGE-SECRET-KEY-1…} or the content of an identity file as
     * {@code age-keygen} writes it (comment lines, one key per line).
     */
    static List<String> identitiesIn(String text) {
        List<String> identities = new ArrayList<>();
        if (text == null) {
            return identities;
        }
        for (String line : text.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            identities.add(trimmed);
        }
        return identities;
    }

    static RecipientStanzaWriter stanzaWriter(String recipient, int position) {
        try {
            return X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient.trim());
        } catch (GeneralSecurityException | RuntimeException e) {
            // The value is not quoted: someone may have pasted an identity where a recipient belongs.
            throw new IllegalArgumentException("age recipient #" + position + " is not an X25519 recipient: expected age1… as age-keygen prints it");
        }
    }

    static RecipientStanzaReader stanzaReader(String identity) throws CodecException {
        try {
            return X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CodecException("the age identity is not valid: expected an age secret key as age-keygen writes it"
                    + " (check DR_AGE_IDENTITY or DR_AGE_IDENTITY_FILE)");
        }
    }

    private static String derivePublic(String identity) throws GeneralSecurityException {
        // Jagged derives the public key when handed the identity's text as a secret key.
        SecretKeySpec spec = new SecretKeySpec(identity.trim().getBytes(StandardCharsets.US_ASCII), "X25519");
        return new X25519KeyFactory().translateKey(spec).toString();
    }
}
