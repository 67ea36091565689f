package org.drjenkins.engine.notify;

/** Where the incident stands, as the DR plan's communication template names it. */
public enum IncidentStatus {
    INVESTIGATING, MITIGATING, RESOLVED
}
