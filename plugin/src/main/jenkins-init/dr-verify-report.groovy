// Text that the booted Jenkins runs (see README.md here): the engine never compiles against Jenkins (ArchUnit), it
// only copies this file into the scratch home, so the Jenkins types below are resolved by that Jenkins at boot.
// Put into a scratch JENKINS_HOME by dr verify-restore (JenkinsHomeVerifier) and deleted with it. Reports what the
// restored controller loaded, never a secret: for each credential only its id, its kind and whether each of its Secret
// fields decrypted with the restored keys. A Secret Jenkins cannot decrypt keeps its stored "{base64}" text as its
// plain text, which is how an undecryptable one is told from a decrypted one.
import groovy.json.JsonOutput
import hudson.util.Secret
import jenkins.model.Jenkins

def jenkins = Jenkins.get()
def report = [jobs: [], credentials: [], plugins: [], errors: []]
try {
    jenkins.setNumExecutors(0) // nothing may build in a verification boot
} catch (Throwable e) {
    report.errors << ('cannot set the executors to 0: ' + e.class.name)
}
jenkins.getAllItems().each { item -> report.jobs << item.fullName }
jenkins.pluginManager.plugins.each { p -> report.plugins << [name: p.shortName, version: p.version, active: p.isActive()] }
def ciphertext = { String s -> s ==~ /\{[A-Za-z0-9+\/]+={0,2}\}/ }
try {
    def providerClass = jenkins.pluginManager.uberClassLoader.loadClass('com.cloudbees.plugins.credentials.SystemCredentialsProvider')
    def provider = providerClass.getMethod('getInstance').invoke(null)
    provider.getDomainCredentialsMap().each { domain, list ->
        list.each { c ->
            int fields = 0
            int empty = 0
            int undecryptable = 0
            c.class.methods.findAll { m -> m.parameterCount == 0 && m.name.startsWith('get') && Secret.isAssignableFrom(m.returnType) }
                    .each { m ->
                        def secret = m.invoke(c)
                        if (secret != null) {
                            fields++
                            String plain = secret.plainText
                            if (plain == null || plain.isEmpty()) {
                                empty++
                            } else if (ciphertext(plain)) {
                                undecryptable++
                            }
                        }
                    }
            def id = c.metaClass.respondsTo(c, 'getId') ? c.getId() : null
            report.credentials << [id: id, kind: c.class.simpleName, domain: domain?.name ?: '', secretFields: fields,
                                   emptyFields: empty, undecryptableFields: undecryptable]
        }
    }
} catch (ClassNotFoundException e) {
    report.errors << 'the credentials plugin is not installed'
} catch (Throwable e) {
    report.errors << ('reading the credentials failed: ' + e.class.name)
}
def target = new File(System.getProperty('dr.verify.report'))
def partial = new File(target.path + '.partial')
partial.text = JsonOutput.toJson(report)
partial.renameTo(target)
