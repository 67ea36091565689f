package io.jenkins.plugins.dr.testing;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.util.Secret;
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration;
import io.jenkins.plugins.dr.config.ComponentEntry;
import io.jenkins.plugins.dr.config.RegionEntry;
import io.jenkins.plugins.dr.config.TargetEntry;
import java.util.ArrayList;
import java.util.List;
import org.drjenkins.engine.codec.AgeKeys;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/**
 * A plan set up in a real Jenkins the way an administrator does it: credentials in the Credentials plugin's system
 * store (AWS keys as username/password, the database password as username/password, the age identity as secret
 * text) and the global Disaster Recovery configuration naming them, against the project's local S3 store.
 */
public final class JenkinsPlan {
    public static final String AWS_ID = "dr-aws";
    public static final String DATABASE_ID = "dr-database";
    public static final String AGE_ID = "dr-age";
    /** Never expected in a log: the harness' agents and steps must mask it. */
    public static final String DATABASE_PASSWORD = "pg-Pa55word-never-logged";

    private final LocalStore store;
    private final AgeKeys.KeyPair key = AgeKeys.generate();
    private final List<RegionEntry> regions = new ArrayList<>();
    private final List<ComponentEntry> components = new ArrayList<>();
    private final List<TargetEntry> targets = new ArrayList<>();

    public JenkinsPlan(LocalStore store) {
        this.store = store;
    }

    /** A region whose bucket is on the local store (the bucket must exist: {@link LocalStore#start(String...)}). */
    public RegionEntry region(String name, String role, String bucket) {
        RegionEntry region = new RegionEntry(name, role, bucket);
        region.setEndpoint(store.endpoint().toString());
        regions.add(region);
        return region;
    }

    public ComponentEntry component(String name, String type) {
        ComponentEntry component = new ComponentEntry(name, type);
        components.add(component);
        return component;
    }

    public TargetEntry target(String component, String rto, String rpo) {
        TargetEntry target = new TargetEntry(component);
        target.setRto(rto);
        target.setRpo(rpo);
        targets.add(target);
        return target;
    }

    public AgeKeys.KeyPair key() {
        return key;
    }

    /** Stores the credentials and saves the plan as the global configuration. */
    public DisasterRecoveryConfiguration apply() throws Exception {
        SystemCredentialsProvider credentials = SystemCredentialsProvider.getInstance();
        credentials.getCredentials().removeIf(c -> true);
        credentials.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, AWS_ID,
                "local S3 store", store.accessKeyId(), store.secretAccessKey()));
        credentials.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, DATABASE_ID,
                "database", "postgres", DATABASE_PASSWORD));
        credentials.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, AGE_ID, "age identity",
                Secret.fromString(key.identity())));
        credentials.save();

        DisasterRecoveryConfiguration configuration = DisasterRecoveryConfiguration.get();
        configuration.setRegions(new ArrayList<>(regions));
        configuration.setComponents(new ArrayList<>(components));
        configuration.setTargets(new ArrayList<>(targets));
        configuration.setAgeRecipients(key.recipient());
        configuration.setAwsCredentialsId(AWS_ID);
        configuration.setDatabaseCredentialsId(DATABASE_ID);
        configuration.setAgeIdentityCredentialsId(AGE_ID);
        configuration.save();
        return configuration;
    }

    /** Every secret of this plan, for asserting that none reached a log, a page or build.xml. */
    public List<String> secrets() {
        return List.of(store.secretAccessKey(), key.identity(), DATABASE_PASSWORD);
    }
}
