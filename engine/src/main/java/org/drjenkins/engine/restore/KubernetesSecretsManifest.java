package org.drjenkins.engine.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.drjenkins.engine.util.Json;

/**
 * Turns the output of {@code kubectl get secrets -A -o json} back into something {@code kubectl apply -f} accepts in an
 * empty or a surviving cluster: a {@code v1 List} whose items are first a Namespace for every namespace the secrets
 * live in (apply creates items in order, and a secret in a missing namespace is refused), then the secrets, sorted.
 * What the API server set on the old cluster is removed, since a new one rejects or misreads it: uid, resourceVersion,
 * creationTimestamp, generation, managedFields, selfLink, status, owner references (they name uids of objects that do
 * not exist there) and kubectl's last-applied annotation. Service-account token secrets are left out: their token was
 * signed by the old cluster's key and the new cluster's controller makes its own.
 */
final class KubernetesSecretsManifest {

    static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";
    private static final List<String> SERVER_SET = List.of("uid", "resourceVersion", "creationTimestamp", "generation", "managedFields",
            "selfLink", "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds");
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** The manifest and what was left out. */
    record Result(byte[] json, int namespaces, int secrets, int skippedTokens) {
    }

    private KubernetesSecretsManifest() {
    }

    static Result from(InputStream kubectlJson) throws IOException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(kubectlJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Location only: the parser's message could quote a secret.
            throw new IOException("the backup is not kubectl JSON (invalid at line " + e.getLocation().getLineNr() + "): a kind:"
                    + " kubernetes-secrets component must back up kubectl get secrets -A -o json");
        }
        List<ObjectNode> secrets = new ArrayList<>();
        if (root != null && root.has("items") && root.get("items").isArray()) {
            root.get("items").forEach(item -> secrets.add(item.deepCopy()));
        } else if (root != null && root.isObject() && "Secret".equals(root.path("kind").asText())) {
            secrets.add(root.deepCopy());
        } else {
            throw new IOException("the backup holds neither a List of items nor a Secret: a kind: kubernetes-secrets component must back"
                    + " up kubectl get secrets -A -o json");
        }
        int skipped = 0;
        List<ObjectNode> kept = new ArrayList<>();
        TreeSet<String> namespaces = new TreeSet<>();
        for (ObjectNode secret : secrets) {
            if (SERVICE_ACCOUNT_TOKEN.equals(secret.path("type").asText())) {
                skipped++;
                continue;
            }
            secret.put("apiVersion", secret.path("apiVersion").asText("v1"));
            secret.put("kind", "Secret");
            secret.remove("status");
            if (secret.get("metadata") instanceof ObjectNode metadata) {
                metadata.remove(SERVER_SET);
                if (metadata.get("annotations") instanceof ObjectNode annotations) {
                    annotations.remove(LAST_APPLIED);
                    if (annotations.isEmpty()) {
                        metadata.remove("annotations");
                    }
                }
                String namespace = metadata.path("namespace").asText("");
                if (!namespace.isEmpty()) {
                    namespaces.add(namespace);
                }
            }
            kept.add(secret);
        }
        kept.sort(Comparator.comparing((ObjectNode s) -> s.path("metadata").path("namespace").asText(""))
                .thenComparing(s -> s.path("metadata").path("name").asText("")));
        ObjectNode list = Json.mapper().createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        ArrayNode items = list.putArray("items");
        for (String namespace : namespaces) {
            ObjectNode ns = items.addObject();
            ns.put("apiVersion", "v1");
            ns.put("kind", "Namespace");
            ns.putObject("metadata").put("name", namespace);
        }
        kept.forEach(items::add);
        return new Result(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(list), namespaces.size(), kept.size(), skipped);
    }
}
