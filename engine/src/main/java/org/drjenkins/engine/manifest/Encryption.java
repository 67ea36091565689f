package org.drjenkins.engine.manifest;

import java.util.List;

/** How artifacts were encrypted: the age format and the public keys they were encrypted to (never an identity). */
public record Encryption(String format, List<String> recipients) {

    public static final String AGE_V1 = "age-encryption.org/v1";

    public static Encryption age(List<String> recipients) {
        return new Encryption(AGE_V1, List.copyOf(recipients));
    }
}
