package com.cloudbees.plugins.credentials;

/** Stub of credentials' {@code CredentialsMatchers}. */
public class CredentialsMatchers {
    private CredentialsMatchers() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static CredentialsMatcher always() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @SuppressWarnings("rawtypes")
    public static CredentialsMatcher instanceOf(Class clazz) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static CredentialsMatcher withId(String id) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static CredentialsMatcher allOf(CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static CredentialsMatcher anyOf(CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    public static <C extends Credentials> C firstOrNull(Iterable<C> credentials, CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
