// Run by the real war that JenkinsHomeVerifyByBootTest (engine) boots from a rebuilt home: reports its jobs and
// whether each credential decrypted to the value the test stored (%s), so no secret leaves Jenkins.
import com.cloudbees.plugins.credentials.SystemCredentialsProvider
import jenkins.model.Jenkins
def creds = SystemCredentialsProvider.getInstance().getCredentials().collectEntries { [(it.id): it] }
def lines = []
lines << ('jobs=' + Jenkins.get().getAllItems()*.fullName.join(','))
lines << ('api-token=' + (creds['api-token']?.secret?.plainText == '%s'))
lines << ('deploy-login=' + (creds['deploy-login']?.password?.plainText == '%s' && creds['deploy-login']?.username == 'deploy'))
def out = new File(System.getProperty('dr.test.report'))
new File(out.path + '.partial').text = lines.join('\n')
new File(out.path + '.partial').renameTo(out)
