package com.cloudbees.plugins.credentials.common;

/** Stub of credentials' {@code StandardListBoxModel}. */
public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;

    public StandardListBoxModel() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }

    @Override
    protected String describe(StandardCredentials c) {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
