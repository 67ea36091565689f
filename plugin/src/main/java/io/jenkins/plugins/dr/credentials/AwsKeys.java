package io.jenkins.plugins.dr.credentials;

/** AWS keys as resolved on the controller; the session token only for temporary credentials. */
public record AwsKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
    @Override
    public String toString() {
        return "AwsKeys[" + accessKeyId + "/****" + (sessionToken == null ? "" : " (session)") + "]";
    }
}
