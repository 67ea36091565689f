package org.drjenkins.engine.config;

import java.util.Optional;

/**
 * S3's bucket naming rules, checked before the first upload so that a bad name fails at configuration time with a
 * reason instead of as an opaque {@code InvalidBucketName} from the store during the first backup.
 */
final class BucketNames {

    static final String RULE = "use 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";

    private BucketNames() {
    }

    /** Why {@code name} is not a valid bucket name, or empty when it is. */
    static Optional<String> problem(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return Optional.of("is " + name.length() + " characters long");
        }
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("contains uppercase letters");
        }
        for (char c : name.toCharArray()) {
            if (!(isAlphanumeric(c) || c == '.' || c == '-')) {
                return Optional.of("contains '" + c + "'");
            }
        }
        if (!isAlphanumeric(name.charAt(0)) || !isAlphanumeric(name.charAt(name.length() - 1))) {
            return Optional.of("does not start and end with a letter or digit");
        }
        if (name.contains("..")) {
            return Optional.of("contains two dots in a row");
        }
        if (name.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.of("looks like an IP address");
        }
        return Optional.empty();
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
