package io.jenkins.plugins.dr.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import org.drjenkins.engine.codec.AgeKeys;
import org.junit.Test;

/** The age identity is found in a secret file exactly as age-keygen writes it. */
public class AgeIdentitiesTest {

    @Test
    public void theKeyLineOfAnAgeKeygenFileIsTheIdentity() {
        AgeKeys.KeyPair key = AgeKeys.generate();
        String file = "# created: 2026-01-25T02:15:00Z\n# public key: " + key.recipient() + "\n" + key.identity() + "\n";

        assertThat(AgeIdentities.firstIn(file)).contains(key.identity());
    }

    @Test
    public void secretTextWithSurroundingBlanksIsTrimmed() {
        assertThat(AgeIdentities.firstIn("  AGE-SECRET-KEY-1ABC \r\n")).contains("AGE-SECRET-KEY-1ABC");
    }

    @Test
    public void aPublicKeyOrNothingIsNoIdentity() {
        assertThat(AgeIdentities.firstIn(AgeKeys.generate().recipient())).isEmpty();
        assertThat(AgeIdentities.firstIn(null)).isEmpty();
    }
}
