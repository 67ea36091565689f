package org.drjenkins.engine.failover;

import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.DnsSettings;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;

/**
 * What a failover needs besides the plan: the database password, DNS switchers, the incident notifier and its limits.
 *
 * @param pgPassword for every region's database ({@code PGPASSWORD}); empty for .pgpass or trust
 * @param dns        opens the DNS switcher of a region's settings
 * @param notifier   incident notices; {@link IncidentNotifier#none} for none
 * @param limits     how long each part may wait
 */
public record FailoverTools(Optional<String> pgPassword, DnsSwitcherFactory dns, IncidentNotifier notifier,
        FailoverLimits limits) {

    /**
     * As the command line and Jenkins use it: passwords and AWS credentials from {@code secrets}, the TSIG secret from
     * {@code DR_DNS_TSIG_SECRET} and webhook URLs named by {@code urlEnv} from {@code env}.
     */
    public static FailoverTools from(DrConfig config, Secrets secrets, Map<String, String> env, Progress progress) {
        Optional<String> tsig = Optional.ofNullable(env.get(DnsSettings.TSIG_SECRET_ENV)).filter(s -> !s.isBlank());
        return new FailoverTools(secrets.pgPassword(), DnsSwitcherFactory.standard(tsig, secrets.aws()),
                IncidentNotifier.fromConfig(config.notifications(), env, progress), FailoverLimits.defaults());
    }

    public FailoverTools withLimits(FailoverLimits newLimits) {
        return new FailoverTools(pgPassword, dns, notifier, newLimits);
    }

    public FailoverTools withNotifier(IncidentNotifier newNotifier) {
        return new FailoverTools(pgPassword, dns, newNotifier, limits);
    }
}
