package org.drjenkins.engine.failover.dns;

import org.drjenkins.engine.config.DnsMode;
import org.drjenkins.engine.config.DnsSettings;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Makes the switcher the settings ask for. */
public final class DnsSwitchers {

    private DnsSwitchers() {
    }

    /**
     * @param settings   what and where; {@link DnsSettings#problems()} are thrown as one IllegalArgumentException
     * @param tsigSecret the rfc2136 TSIG secret (e.g. {@code DR_DNS_TSIG_SECRET}); ignored by other providers
     * @param aws        credentials for route53; ignored by other providers
     */
    public static DnsSwitcher create(DnsSettings settings, Optional<String> tsigSecret, AwsCredentialsProvider aws) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return switch (settings.provider()) {
            case NONE -> new NoDnsSwitcher();
            case RFC2136 -> new Rfc2136Switcher(settings, tsigSecret);
            case ROUTE53 -> settings.mode() == DnsMode.FAILOVER_RECORDS
                    ? new Route53FailoverRecordSwitcher(settings, aws, Region.AWS_GLOBAL, Optional.ofNullable(settings.endpoint()))
                    : new Route53Switcher(settings, aws, Region.AWS_GLOBAL, Optional.ofNullable(settings.endpoint()),
                    Route53Switcher.DEFAULT_POLL_INTERVAL);
        };
    }
}
