package org.drjenkins.engine.failover;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.drjenkins.engine.util.Json;

/**
 * Failover and drill evidence as JSON. Unlike {@link Json}, which leaves nulls out of manifests, evidence keeps them:
 * {@code "rpoSeconds": null} says "not measurable", while a missing field would look like an older format.
 */
public final class EvidenceJson {

    private static final ObjectMapper WITH_NULLS = Json.mapper().copy()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS));

    private EvidenceJson() {
    }

    public static String text(Object value) {
        try {
            return WITH_NULLS.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static byte[] bytes(Object value) {
        return text(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
