package org.drjenkins.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code age:}, the public keys encrypted components are encrypted to. Having none is fine here: they may also
 * come from {@code DR_AGE_RECIPIENTS} or Jenkins credentials, so the backup checks that at least one exists.
 */
final class AgeReader {

    static final String FIELD = "age";
    private static final AllowedKeys KEYS = new AllowedKeys("recipients");

    private AgeReader() {
    }

    static List<String> read(JsonNode node, Problems problems) {
        List<String> recipients = new ArrayList<>();
        if (Scalars.absent(node)) {
            return recipients;
        }
        if (!node.isObject()) {
            problems.add(FIELD, "must be a mapping like { recipients: [age1...] }, not " + Scalars.kind(node));
            return recipients;
        }
        KEYS.check(node, FIELD, problems);
        JsonNode list = node.get("recipients");
        String listField = Problems.field(FIELD, "recipients");
        if (Scalars.absent(list)) {
            return recipients;
        }
        if (!list.isArray()) {
            problems.add(listField, "must be a list of age public keys, e.g. [ \"age1...\" ], not " + Scalars.kind(list));
            return recipients;
        }
        for (int i = 0; i < list.size(); i++) {
            String field = Problems.element(listField, i);
            Scalars.text(list.get(i), field, problems).ifPresent(recipient -> AgeRecipients.problem(recipient)
                    .ifPresentOrElse(reason -> problems.add(field, quotedIfPublic(recipient) + reason),
                            () -> recipients.add(recipient.strip())));
        }
        return recipients;
    }

    /** Shows the value only when it is meant to be a public key: anything else might be a secret pasted by mistake. */
    private static String quotedIfPublic(String recipient) {
        return recipient.strip().toLowerCase(Locale.ROOT).startsWith("age1") ? "\"" + recipient.strip() + "\" " : "";
    }
}
