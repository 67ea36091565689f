package org.drjenkins.engine.failover;

/**
 * One condition checked before a failover acts.
 *
 * @param name   what is checked, e.g. {@code target is a standby in recovery}
 * @param passed whether it holds
 * @param detail what was measured, one line
 */
public record Gate(String name, boolean passed, String detail) {

    @Override
    public String toString() {
        return (passed ? "[ok]   " : "[FAIL] ") + name + ": " + detail;
    }
}
