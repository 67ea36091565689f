package io.jenkins.plugins.dr.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drjenkins.engine.config.ConfigMapSource;
import org.drjenkins.engine.config.Durations;

/**
 * Puts a ConfigMap the engine has read ({@link ConfigMapSource#importText}) into the form: the regions it names get
 * its roles (in its primary, secondary, tertiary order, before any other row; a region without a row gets one with the
 * bucket {@code dr-backups-<region>}) and its thresholds replace the form's. Reading and checking the ConfigMap is the
 * engine's job; this only maps the result onto rows.
 */
final class ConfigMapImport {

    private ConfigMapImport() {
    }

    static PlanForm apply(PlanForm form, ConfigMapSource.Imported imported) {
        List<RegionEntry> regions = new ArrayList<>();
        for (Map.Entry<String, String> role : imported.roles().entrySet()) {
            RegionEntry existing = form.regions().stream().filter(r -> role.getKey().equals(r.getName())).findFirst().orElse(null);
            regions.add(existing == null ? new RegionEntry(role.getKey(), role.getValue(), "dr-backups-" + role.getKey())
                    : withRole(existing, role.getValue()));
        }
        form.regions().stream().filter(r -> !imported.roles().containsKey(r.getName())).forEach(regions::add);
        return new PlanForm(regions,
                threshold(imported, "failoverThreshold", form.failoverThreshold()),
                threshold(imported, "healthCheckInterval", form.healthCheckInterval()),
                threshold(imported, "backupRetention", form.backupRetention()),
                form.targets(), form.components(), form.ageRecipients(), form.notificationService(), form.webhooks());
    }

    private static RegionEntry withRole(RegionEntry region, String role) {
        RegionEntry copy = new RegionEntry(region.getName(), role, region.getBucket());
        copy.setEndpoint(region.getEndpoint());
        copy.setDatabase(region.getDatabase());
        copy.setFailoverSettings(region.getFailoverSettings());
        return copy;
    }

    private static String threshold(ConfigMapSource.Imported imported, String key, String current) {
        return imported.thresholds().containsKey(key) ? Durations.format(imported.thresholds().get(key)) : current;
    }
}
