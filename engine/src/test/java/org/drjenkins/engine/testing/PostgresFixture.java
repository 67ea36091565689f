package org.drjenkins.engine.testing;

import org.drjenkins.engine.postgres.LocalCluster;
import org.junit.rules.ExternalResource;

/** One real PostgreSQL 15 cluster per test class (a {@code @ClassRule}), removed with its files afterwards. */
public final class PostgresFixture extends ExternalResource {

    private final String purpose;
    private LocalCluster cluster;

    public PostgresFixture(String purpose) {
        this.purpose = purpose;
    }

    @Override
    protected void before() throws Throwable {
        cluster = LocalCluster.ephemeral(purpose);
    }

    @Override
    protected void after() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not remove the test cluster: " + e.getMessage(), e);
            }
        }
    }

    public LocalCluster cluster() {
        return cluster;
    }
}
