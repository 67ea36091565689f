package org.drjenkins.engine.incident;

import java.time.Instant;
import org.drjenkins.engine.notify.Contact;
import org.drjenkins.engine.oncall.Layer;

/** Someone paged for an incident: who, on which layer, when. */
public record Page(Instant at, Layer layer, Contact person) {
}
