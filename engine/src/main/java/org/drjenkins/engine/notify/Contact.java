package org.drjenkins.engine.notify;

import java.util.Objects;

/**
 * A person a notice can reach, as the on-call rotation names them.
 *
 * @param name  the name shown in notices and reports, e.g. {@code Alice}
 * @param email where email goes; {@code null} when the person has none configured
 */
public record Contact(String name, String email) {
    public Contact {
        Objects.requireNonNull(name, "name");
    }
}
