package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class PostgresClusterConfigTest {

    private static ConfigProblem onlyProblem(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "dr.yaml"));
        assertThat(e).as("the configuration is refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    public void aPostgresClusterComponentReadsItsUrlChecksAndArchiveTimeout() {
        DrConfig config = ConfigLoader.parse("components:\n  database:\n    type: postgres-cluster\n"
                + "    url: postgresql://replicator@db.internal:5432/app\n    checks: [\"select count(*) > 0 from users\"]\n"
                + "    archiveTimeout: 60s\n    encrypt: true\n", "dr.yaml");

        assertThat(config.component("database")).contains(new Component("database", ComponentType.POSTGRES_CLUSTER,
                "postgresql://replicator@db.internal:5432/app", null, null, true, Compression.ZSTD, 1,
                List.of("select count(*) > 0 from users"), Optional.of(Duration.ofSeconds(60))));
    }

    @Test
    public void theArchiveTimeoutIsOptional() {
        DrConfig config = ConfigLoader.parse("components:\n  db: { type: postgres-cluster, url: 'postgresql://r@db:5432/app' }\n", "dr.yaml");

        assertThat(config.component("db").orElseThrow().archiveTimeout()).isEmpty();
    }

    @Test
    public void aClusterWithoutUrlAsksForAReplicationUser() {
        ConfigProblem problem = onlyProblem("components:\n  db: { type: postgres-cluster }\n");

        assertThat(problem.field()).isEqualTo("components.db.url");
        assertThat(problem.message()).contains("missing", "REPLICATION attribute");
    }

    @Test
    public void aZeroArchiveTimeoutIsRefused() {
        ConfigProblem problem = onlyProblem("components:\n  db: { type: postgres-cluster, url: 'postgresql://r@db:5432/app', archiveTimeout: 0 }\n");

        assertThat(problem.field()).isEqualTo("components.db.archiveTimeout");
        assertThat(problem.message()).contains("is zero");
    }

    @Test
    public void anArchiveTimeoutOnALogicalDumpComponentIsRefusedNamingItsType() {
        ConfigProblem problem = onlyProblem("components:\n  db: { type: postgres, url: 'postgresql://r@db:5432/app', archiveTimeout: 60s }\n");

        assertThat(problem.field()).isEqualTo("components.db.archiveTimeout");
        assertThat(problem.message()).isEqualTo("is not used by a postgres component (archiveTimeout is only for postgres-cluster components);"
                + " remove it or change the type");
    }

    @Test
    public void aUrlOnADirectoryNamesBothDatabaseTypes() {
        ConfigProblem problem = onlyProblem("components:\n  etc: { type: directory, path: /etc, url: 'postgresql://r@db:5432/app' }\n");

        assertThat(problem.message()).contains("url is only for postgres and postgres-cluster components");
    }
}
