package org.drjenkins.engine.failover.dns;

import java.util.List;

/**
 * One DNS record set as a server answers it.
 *
 * @param name   the absolute owner name, with the trailing dot ({@code db.dr.test.})
 * @param type   A, AAAA or CNAME
 * @param ttl    seconds; 0 when the record does not exist
 * @param values the record data in presentation form ({@code 10.0.0.1}, {@code standby.example.com.}); empty when the
 *               name has no record of this type
 */
public record DnsRecord(String name, String type, long ttl, List<String> values) {

    public DnsRecord {
        values = List.copyOf(values);
    }

    public boolean exists() {
        return !values.isEmpty();
    }

    @Override
    public String toString() {
        return name + " " + ttl + " " + type + " " + (values.isEmpty() ? "(none)" : String.join(", ", values));
    }
}
