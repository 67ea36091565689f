package org.drjenkins.engine.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.drjenkins.engine.config.HealthCheckSpec;
import org.drjenkins.engine.config.Region;
import org.drjenkins.engine.failover.health.HealthCheck;
import org.drjenkins.engine.failover.health.HealthResult;
import org.drjenkins.engine.failover.health.HttpHealthCheck;
import org.drjenkins.engine.failover.health.PostgresHealthCheck;
import org.drjenkins.engine.failover.health.TcpHealthCheck;
import org.drjenkins.engine.postgres.PgConnections;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.util.InvalidRequestException;

/** A region's configured health checks as probes; without any, its database answering {@code select 1}. */
public final class RegionChecks {

    /** Per probe, unless the check sets its own: long enough for a loaded server, short enough to probe often. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private RegionChecks() {
    }

    /** @throws InvalidRequestException when the region has neither checks nor a database to check */
    public static List<HealthCheck> of(Region region, Optional<String> pgPassword, Duration defaultTimeout) {
        List<HealthCheck> checks = new ArrayList<>();
        for (HealthCheckSpec spec : region.healthChecks()) {
            Duration timeout = spec.timeout() == null ? defaultTimeout : spec.timeout();
            checks.add(switch (spec.kind()) {
                case HTTP -> new HttpHealthCheck(spec.url(), spec.expectedStatus(), timeout);
                case TCP -> new TcpHealthCheck(spec.host(), spec.port(), timeout);
                case POSTGRES -> postgres(region, spec.query(), pgPassword, timeout);
            });
        }
        if (checks.isEmpty()) {
            if (region.database() == null) {
                throw new InvalidRequestException("region " + region.name() + " has neither healthChecks nor a database to "
                        + "check: add database: or healthChecks: to it in dr.yaml");
            }
            checks.add(postgres(region, PostgresHealthCheck.DEFAULT_QUERY, pgPassword, defaultTimeout));
        }
        return checks;
    }

    public static List<HealthCheck> of(Region region, Optional<String> pgPassword) {
        return of(region, pgPassword, DEFAULT_TIMEOUT);
    }

    /** Probes run here, all at once, so one slow check does not add its timeout to the others'. */
    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dr-region-check");
        t.setDaemon(true);
        return t;
    });

    /** Probes every check once, in parallel; the results in the checks' order. */
    public static List<HealthResult> probe(List<HealthCheck> checks) {
        List<CompletableFuture<HealthResult>> running = checks.stream()
                .map(check -> CompletableFuture.supplyAsync(check::check, PROBES)).toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    private static HealthCheck postgres(Region region, String query, Optional<String> pgPassword, Duration timeout) {
        PgUrl url = PgUrl.parse(region.database());
        return new PostgresHealthCheck(url.host(), url.port(), url.database(), url.user(),
                PgConnections.effectivePassword(url, pgPassword), query, timeout);
    }
}
