package org.drjenkins.cli;

import java.time.Clock;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.failover.IncidentNotifier;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.incident.WebhookNoticeSink;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;

/** The incident engine as the command line runs it: state in the primary region's bucket, notices to the webhooks. */
final class IncidentTools implements AutoCloseable {

    private final ObjectStore bucket;
    private final IncidentNotifier notifier;
    private final IncidentEngine engine;

    IncidentTools(DrConfig plan, StderrProgress progress) {
        Secrets secrets = CliEnvironment.secrets();
        this.bucket = CliEnvironment.stores(secrets).open(plan.primary());
        this.notifier = IncidentNotifier.fromConfig(plan.notifications(), System.getenv(), progress);
        this.engine = IncidentEngine.from(plan, new IncidentStore(bucket), new WebhookNoticeSink(notifier, progress::info), Clock.systemUTC());
    }

    IncidentEngine engine() {
        return engine;
    }

    /** Lets the queued notices go out (bounded by the webhook timeout), then closes the bucket. */
    @Override
    public void close() {
        try {
            notifier.close();
        } finally {
            bucket.close();
        }
    }
}
