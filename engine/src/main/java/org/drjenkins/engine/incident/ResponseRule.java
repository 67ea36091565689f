package org.drjenkins.engine.incident;

import java.util.List;
import org.drjenkins.engine.notify.Severity;
import org.drjenkins.engine.oncall.Layer;

/**
 * The plan's response rule per severity: which layers the first page reaches. The delay before each further layer
 * is {@code incidents.escalateAfter} (critical 0: at once; high 15 m; medium 1 h).
 */
public final class ResponseRule {

    private ResponseRule() {
    }

    /** Critical pages primary and secondary at once; high pages, medium notifies, the primary; info nobody. */
    public static List<Layer> firstPaged(Severity severity) {
        return switch (severity) {
            case CRITICAL -> List.of(Layer.PRIMARY, Layer.SECONDARY);
            case HIGH, MEDIUM -> List.of(Layer.PRIMARY);
            case INFO -> List.of();
        };
    }
}
