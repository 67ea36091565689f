// Written into init.groovy.d by `dr jenkins`: security, credentials and the Disaster Recovery configuration of a
// throwaway Jenkins. The secrets come from dr-setup.properties (mode 0600), which this script deletes once read, so
// none of them is in a script, a log or a system property.
import com.cloudbees.plugins.credentials.CredentialsScope
import com.cloudbees.plugins.credentials.SystemCredentialsProvider
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl
import hudson.security.FullControlOnceLoggedInAuthorizationStrategy
import hudson.security.HudsonPrivateSecurityRealm
import hudson.util.Secret
import io.jenkins.plugins.dr.config.ComponentEntry
import io.jenkins.plugins.dr.config.DisasterRecoveryConfiguration
import io.jenkins.plugins.dr.config.RegionEntry
import io.jenkins.plugins.dr.config.TargetEntry
import jenkins.model.Jenkins
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl

def jenkins = Jenkins.get()
def file = new File(jenkins.rootDir, 'dr-setup.properties')
def p = new Properties()
file.withInputStream { p.load(it) }
file.delete()

def realm = new HudsonPrivateSecurityRealm(false, false, null)
realm.createAccount(p.adminUser, p.adminPassword)
jenkins.securityRealm = realm
def authorization = new FullControlOnceLoggedInAuthorizationStrategy()
authorization.allowAnonymousRead = p.anonymousRead == 'true'
jenkins.authorizationStrategy = authorization
// The demo's builds run on the built-in node; its warning would only repeat that on every page.
jenkins.getAdministrativeMonitor('jenkins.diagnostics.ControllerExecutorsNoAgents')?.disable(true)
jenkins.save()

def store = SystemCredentialsProvider.instance
store.credentials.add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, 'dr-aws',
        'Local S3 store (access key id / secret access key)', p.s3AccessKeyId, p.s3SecretAccessKey))
store.credentials.add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, 'dr-database',
        'PostgreSQL', 'postgres', p.databasePassword))
store.credentials.add(new StringCredentialsImpl(CredentialsScope.GLOBAL, 'dr-age-identity',
        'age identity of the plan', Secret.fromString(p.ageIdentity)))
store.save()

def region = { String name, String role, String bucket ->
    def r = new RegionEntry(name, role, bucket)
    r.endpoint = p.s3Endpoint
    r
}
def database = new ComponentEntry('database', 'postgres')
database.url = p.databaseUrl
database.checks = 'select count(*) = 2000 from customers'
def configuration = new ComponentEntry('configuration', 'directory')
configuration.path = p.configurationPath
configuration.encrypt = true
def target = { String component, String rto, String rpo ->
    def t = new TargetEntry(component)
    t.rto = rto
    t.rpo = rpo
    t
}

def dr = DisasterRecoveryConfiguration.get()
dr.regions = [region('us-east-1', 'primary', p.primaryBucket), region('eu-west-1', 'secondary', p.secondaryBucket)]
dr.components = [database, configuration]
dr.targets = [target('database', '15m', '5m'), target('configuration', '30m', '1h')]
dr.ageRecipients = p.ageRecipient
dr.awsCredentialsId = 'dr-aws'
dr.databaseCredentialsId = 'dr-database'
dr.ageIdentityCredentialsId = 'dr-age-identity'
dr.notificationService = 'dr jenkins'
dr.save()
println 'dr jenkins: security, credentials and the Disaster Recovery configuration are set up'
