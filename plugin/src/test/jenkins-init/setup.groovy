// Run by the real war that JenkinsHomeVerifyByBootTest (engine) boots to make a controller home: a job, a secret
// text and a username/password credential. Jenkins-side code, so it lives with the plugin; %s are the test's values.
import com.cloudbees.plugins.credentials.CredentialsScope
import com.cloudbees.plugins.credentials.SystemCredentialsProvider
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl
import hudson.model.FreeStyleProject
import hudson.util.Secret
import jenkins.model.Jenkins
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl
def jenkins = Jenkins.get()
def job = jenkins.createProject(FreeStyleProject, 'hello-world')
job.setDescription('made by the test')
job.save()
def store = SystemCredentialsProvider.getInstance()
store.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, 'api-token', 'a token', Secret.fromString('%s')))
store.getCredentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, 'deploy-login', 'deployer', 'deploy', '%s'))
store.save()
new File(System.getProperty('dr.test.done')).text = 'ok'
