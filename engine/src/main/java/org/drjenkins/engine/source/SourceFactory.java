package org.drjenkins.engine.source;

import org.drjenkins.engine.config.Component;
import org.drjenkins.engine.postgres.PgUrl;
import org.drjenkins.engine.secrets.Secrets;

/** The source that reads a configured component. */
public final class SourceFactory {

    private SourceFactory() {
    }

    public static BackupSource forComponent(Component component, Secrets secrets) {
        return switch (component.type()) {
            case POSTGRES -> new PostgresDumpSource(component.name(), PgUrl.parse(component.url()), secrets.pgPassword());
            case POSTGRES_CLUSTER -> new PostgresBaseBackupSource(component.name(), PgUrl.parse(component.url()), secrets.pgPassword());
            case DIRECTORY -> new DirectoryTarSource(component.path(), component.name());
            case JENKINS_HOME -> new JenkinsHomeSource(component.path(), component.name(), component.jenkinsHome());
            case COMMAND -> new CommandSource(component.name(), component.command(), component.allowEmpty());
            // Copied object by object by the assets package, never streamed as one artifact.
            case S3_PREFIX -> throw new IllegalArgumentException(component.name() + " is s3-prefix: it has no stream source");
        };
    }
}
