package org.drjenkins.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.Test;

/** {@code kind:} of a command component: what its output is, so dr restore can turn it back into something usable. */
public class CommandKindConfigTest {

    @Test
    public void kubernetesSecretsIsReadAndOtherCommandsHaveNoKind() {
        DrConfig config = ConfigLoader.parse("""
                components:
                  secrets: { type: command, kind: kubernetes-secrets, command: "kubectl get secrets -A -o json" }
                  export: { type: command, command: "printf x" }
                """, "test");

        assertThat(config.component("secrets").orElseThrow().kubernetesSecrets()).isTrue();
        assertThat(config.component("export").orElseThrow().kind()).isNull();
    }

    @Test
    public void anUnknownKindIsRefusedNamingTheFieldAndTheKnownKind() {
        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                "components:\n  secrets: { type: command, kind: kubernetes-configmaps, command: \"kubectl get cm -A -o json\" }\n", "test"));

        assertThat(refused.getMessage()).contains("components.secrets.kind", "\"kubernetes-configmaps\" is not a known kind",
                "kind: kubernetes-secrets");
    }

    @Test
    public void kindIsOnlyForCommandComponents() {
        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                "components:\n  conf: { type: directory, kind: kubernetes-secrets, path: /etc/x }\n", "test"));

        assertThat(refused.getMessage()).contains("components.conf.kind");
    }
}
