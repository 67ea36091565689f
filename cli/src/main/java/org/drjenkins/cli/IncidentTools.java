package org.drjenkins.cli;

import java.time.Clock;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.incident.IncidentEngine;
import org.drjenkins.engine.incident.IncidentStore;
import org.drjenkins.engine.incident.ConfiguredNotices;
import org.drjenkins.engine.secrets.Secrets;
import org.drjenkins.engine.storage.ObjectStore;

/** The incident engine as the command line runs it: state in the primary region's bucket, notices to the plan's channels. */
final class IncidentTools implements AutoCloseable {

    private final ObjectStore bucket;
    private final ConfiguredNotices notices;
    private final IncidentEngine engine;

    IncidentTools(DrConfig plan, StderrProgress progress) {
        Secrets secrets = CliEnvironment.secrets();
        this.bucket = CliEnvironment.stores(secrets).open(plan.primary());
        this.notices = ConfiguredNotices.forPlan(plan.notifications(), System.getenv(), progress);
        this.engine = IncidentEngine.from(plan, new IncidentStore(bucket), notices, Clock.systemUTC());
    }

    IncidentEngine engine() {
        return engine;
    }

    /** Lets the queued notices go out (bounded by the webhook timeout), then closes the bucket. */
    @Override
    public void close() {
        try {
            notices.close();
        } finally {
            bucket.close();
        }
    }
}
