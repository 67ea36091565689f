package org.drjenkins.engine.failover.dns;

/**
 * Points one DNS name at another target: the last step of a failover, so clients reach the promoted standby.
 * Implementations never put a secret (TSIG key, AWS credentials) into {@link #describe()} or an exception message.
 */
public interface DnsSwitcher extends AutoCloseable {

    /** What the authoritative side answers now. A missing record is a result (no values), not an error. */
    DnsRecord current();

    /**
     * Replaces the record's values with {@code value} and returns once the change is live (read back from the server,
     * or Route 53 reports INSYNC), waiting at most the configured timeout.
     *
     * @throws DnsException when the change is refused, the server does not answer, or the change is not live in time
     */
    void point(String value);

    /**
     * Checks, changing nothing, that {@link #point} would be accepted: the provider answers, the zone and the record
     * exist, the credentials or TSIG key are accepted. What a dry run's DNS gate asks.
     *
     * @return what was checked, one line
     * @throws DnsException saying what would fail and the fix
     */
    String probe();

    /**
     * {@link #probe()} for a switch to {@code value}: a provider that can only choose among values set up beforehand
     * (Route 53 failover records) also checks that {@code value} is one of them.
     */
    default String probeFor(String value) {
        return probe();
    }

    /** One line for logs and the drill report: provider, record, server or hosted zone. Never a secret. */
    String describe();

    /** Releases HTTP clients or sockets; the default has nothing to release. */
    @Override
    default void close() {
    }
}
