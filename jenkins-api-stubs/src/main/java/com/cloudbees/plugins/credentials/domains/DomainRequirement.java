package com.cloudbees.plugins.credentials.domains;

import hudson.ExtensionPoint;
import java.io.Serializable;

/** Stub of credentials' {@code DomainRequirement}. */
public class DomainRequirement implements ExtensionPoint, Serializable {
    private static final long serialVersionUID = 1L;

    public DomainRequirement() {
        throw new UnsupportedOperationException("jenkins-api-stubs: signature only");
    }
}
