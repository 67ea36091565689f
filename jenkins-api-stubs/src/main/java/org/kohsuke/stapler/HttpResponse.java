package org.kohsuke.stapler;

/** Stub of Stapler's {@code HttpResponse} (an interface; its members are not used here). */
public interface HttpResponse {
}
