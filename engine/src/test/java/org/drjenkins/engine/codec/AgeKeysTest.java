package org.drjenkins.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AgeKeysTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void generatedPairHasAgesTextFormsAndTheRecipientDerivesFromTheIdentity() {
        AgeKeys.KeyPair pair = AgeKeys.generate();

        assertThat(pair.recipient()).startsWith("age1").hasSize(62);
        assertThat(pair.identity()).startsWith("AGE-SECRET-KEY-1").hasSize(74);
        assertThat(AgeKeys.isRecipient(pair.recipient())).isTrue();
        assertThat(AgeKeys.isIdentity(pair.identity())).isTrue();
        assertThat(AgeKeys.recipientOf(pair.identity())).isEqualTo(pair.recipient());
        assertThat(AgeKeys.generate().recipient()).isNotEqualTo(pair.recipient());
    }

    @Test
    public void recipientOfAnAgeKeygenIdentityMatchesWhatAgeKeygenPrinted() throws Exception {
        Path keyFile = temp.getRoot().toPath().resolve("key.txt");
        ExternalTool.run(new byte[0], "/usr/bin/age-keygen", "-o", keyFile.toString());
        List<String> lines = Files.readAllLines(keyFile, StandardCharsets.US_ASCII);
        String recipient = lines.stream().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow().substring(14);
        String identity = lines.stream().filter(l -> l.startsWith("AGE-SECRET-KEY-1")).findFirst().orElseThrow();

        assertThat(AgeKeys.recipientOf(identity)).isEqualTo(recipient);
        assertThat(AgeKeys.isRecipient(recipient)).isTrue();
        assertThat(AgeKeys.isIdentity(identity)).isTrue();
    }

    @Test
    public void swappedOrDamagedKeysAreRecognisedAsNotKeys() {
        AgeKeys.KeyPair pair = AgeKeys.generate();
        String damagedRecipient = pair.recipient().substring(0, 61) + (pair.recipient().endsWith("q") ? "p" : "q");

        assertThat(AgeKeys.isRecipient(pair.identity())).isFalse();
        assertThat(AgeKeys.isIdentity(pair.recipient())).isFalse();
        assertThat(AgeKeys.isRecipient(damagedRecipient)).isFalse();
        assertThat(AgeKeys.isRecipient(null)).isFalse();
        assertThat(AgeKeys.isIdentity("")).isFalse();
    }

    @Test
    public void keyPairToStringAndRecipientOfFailuresNeverShowTheSecret() {
        AgeKeys.KeyPair pair = AgeKeys.generate();
        String broken = pair.identity().substring(0, 70) + "zzzz";

        assertThat(pair.toString()).contains(pair.recipient()).doesNotContain("AGE-SECRET-KEY");
        assertThatThrownBy(() -> AgeKeys.recipientOf(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(broken.substring(16)));
    }

    @Test
    public void identityFileContentIsWhatAgeKeygenWrites() {
        AgeKeys.KeyPair pair = AgeKeys.generate();

        assertThat(pair.identityFileContent()).isEqualTo("# public key: " + pair.recipient() + "\n" + pair.identity() + "\n");
    }
}
