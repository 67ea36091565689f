package org.drjenkins.engine.failover;

import java.util.Optional;
import org.drjenkins.engine.config.DnsSettings;
import org.drjenkins.engine.failover.dns.DnsSwitcher;
import org.drjenkins.engine.failover.dns.DnsSwitchers;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Opens the switcher for a region's DNS settings; tests point Route 53 at a local endpoint through their own. */
@FunctionalInterface
public interface DnsSwitcherFactory {

    DnsSwitcher open(DnsSettings settings);

    /** rfc2136 signed with {@code tsigSecret} (from {@code DR_DNS_TSIG_SECRET}), route53 with {@code aws}. */
    static DnsSwitcherFactory standard(Optional<String> tsigSecret, AwsCredentialsProvider aws) {
        return settings -> DnsSwitchers.create(settings, tsigSecret, aws);
    }
}
