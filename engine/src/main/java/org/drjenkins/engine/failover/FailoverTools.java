package org.drjenkins.engine.failover;

import java.util.Map;
import java.util.Optional;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.DnsSettings;
import org.drjenkins.engine.progress.Progress;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.StoreConnector;
import org.drjenkins.engine.storage.StoreProvider;

/**
 * What a failover needs besides the plan: the database password, DNS switchers, the incident notifier, its limits and
 * where it records its progress.
 *
 * @param pgPassword for every region's database ({@code PGPASSWORD}); empty for .pgpass or trust
 * @param dns        opens the DNS switcher of a region's settings
 * @param notifier   incident notices; {@link IncidentNotifier#none} for none
 * @param limits     how long each part may wait
 * @param journal    where the failover's record goes as it goes (the regions' buckets), so a rerun can finish it
 * @param leases     the one lease every failover of the plan holds while it acts (the regions' buckets)
 */
public record FailoverTools(Optional<String> pgPassword, DnsSwitcherFactory dns, IncidentNotifier notifier,
        FailoverLimits limits, FailoverJournal journal, FailoverLeases leases) {

    /** Without buckets: the record is kept and the lease held in this process only. */
    public FailoverTools(Optional<String> pgPassword, DnsSwitcherFactory dns, IncidentNotifier notifier,
            FailoverLimits limits) {
        this(pgPassword, dns, notifier, limits, FailoverJournal.inMemory(), FailoverLeases.inProcess());
    }

    /** The record in {@code journal}; the lease in this process only. */
    public FailoverTools(Optional<String> pgPassword, DnsSwitcherFactory dns, IncidentNotifier notifier,
            FailoverLimits limits, FailoverJournal journal) {
        this(pgPassword, dns, notifier, limits, journal, FailoverLeases.inProcess());
    }

    /**
     * As the command line and Jenkins use it: passwords and AWS credentials from {@code secrets}, the TSIG secret from
     * {@code DR_DNS_TSIG_SECRET}, webhook URLs named by {@code urlEnv} from {@code env}, the record in the buckets.
     */
    public static FailoverTools from(DrConfig config, Secrets secrets, Map<String, String> env, Progress progress) {
        return from(config, secrets, env, progress, region -> StoreConnector.connect(region, secrets.aws()));
    }

    public static FailoverTools from(DrConfig config, Secrets secrets, Map<String, String> env, Progress progress,
            StoreProvider stores) {
        return from(config, secrets, env, progress, stores, FailoverLeases.Terms.standard());
    }

    /** With the lease taken as {@code lease} says: who holds it (a build, {@code dr watch --region R}) and its TTL. */
    public static FailoverTools from(DrConfig config, Secrets secrets, Map<String, String> env, Progress progress,
            StoreProvider stores, FailoverLeases.Terms lease) {
        Optional<String> tsig = Optional.ofNullable(env.get(DnsSettings.TSIG_SECRET_ENV)).filter(s -> !s.isBlank());
        return new FailoverTools(secrets.pgPassword(), DnsSwitcherFactory.standard(tsig, secrets.aws()),
                IncidentNotifier.fromConfig(config.notifications(), env, progress), FailoverLimits.defaults(),
                FailoverJournal.buckets(stores), FailoverLeases.buckets(stores, lease, java.time.Clock.systemUTC()));
    }

    public FailoverTools withLimits(FailoverLimits newLimits) {
        return new FailoverTools(pgPassword, dns, notifier, newLimits, journal, leases);
    }

    public FailoverTools withNotifier(IncidentNotifier newNotifier) {
        return new FailoverTools(pgPassword, dns, newNotifier, limits, journal, leases);
    }

    public FailoverTools withJournal(FailoverJournal newJournal) {
        return new FailoverTools(pgPassword, dns, notifier, limits, newJournal, leases);
    }

    public FailoverTools withLeases(FailoverLeases newLeases) {
        return new FailoverTools(pgPassword, dns, notifier, limits, journal, newLeases);
    }
}
