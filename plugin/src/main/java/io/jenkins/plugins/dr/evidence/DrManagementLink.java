package io.jenkins.plugins.dr.evidence;

import hudson.Extension;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import io.jenkins.plugins.dr.jenkins.JenkinsFacade;
import java.util.List;
import hudson.model.Api;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Manage Jenkins → "Disaster Recovery": every DR job (each job a DR step ran in, and each scheduled job calling one
 * that has not yet), its schedule, whether it ran when it should have ("missed"), its last result, each component's
 * verdict NOW (the RPO grows while no newer recovery point is proven; old verifications go stale) next to what the
 * build measured, and how long ago a verification last passed and a drill last ran. The page an auditor asks for;
 * administrators only.
 */
@Extension
@Symbol("disasterRecoveryDashboard")
@ExportedBean
public class DrManagementLink extends ManagementLink {
    private final transient JenkinsFacade jenkins = new JenkinsFacade();

    @Override
    public String getIconFileName() {
        return "symbol-journal";
    }

    @Override
    public String getDisplayName() {
        return Messages.DrManagementLink_displayName();
    }

    @Override
    public String getDescription() {
        return Messages.DrManagementLink_description();
    }

    @Override
    public String getUrlName() {
        return "disaster-recovery";
    }

    @Override
    public Permission getRequiredPermission() {
        return Jenkins.ADMINISTER;
    }

    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    /**
     * One row per DR job by full name, with each component's verdict now: read from the jobs' evidence indexes and
     * timers, no build loaded (see {@link DrJobs}).
     */
    @Exported(name = "jobs", inline = true)
    public List<JobStanding> getRows() {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return DrJobs.standings(jenkins);
    }

    /** The plan's quarterly drills: each scenario's newest run and whether its quarter passed without one. */
    @Exported(name = "drills", inline = true)
    public List<ScenarioStanding> getDrills() {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return ScenarioStanding.all(jenkins);
    }

    /** {@code manage/disaster-recovery/api/json}: the same rows, for a monitoring system. */
    public Api getApi() {
        jenkins.checkPermission(Jenkins.ADMINISTER);
        return new Api(this);
    }
}
