package io.jenkins.plugins.dr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.drjenkins.engine.secrets.Secrets;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Resolved secrets travel to the agent, reach the engine, and never the build log or a toString. */
public class SecretsInTheLogTest {
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
    private static final String PASSWORD = "pg-secret";
    private static final String IDENTITY = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";

    private final AgentSecrets secrets = new AgentSecrets("AKIAEXAMPLE", SECRET_KEY, SESSION, PASSWORD, IDENTITY);

    @Test
    public void toStringSaysWhichSecretsArePresentButNoneOfThem() {
        assertThat(secrets.toString()).isEqualTo(
                "AgentSecrets[aws=AKIAEXAMPLE/**** (session), databasePassword=****, ageIdentity=****]");
        assertThat(AgentSecrets.none().toString()).isEqualTo(
                "AgentSecrets[aws=default chain, databasePassword=none, ageIdentity=none]");
    }

    @Test
    public void theEngineGetsStaticSessionCredentialsThePasswordAndTheIdentity() {
        Secrets engine = secrets.toEngine();

        AwsCredentials aws = engine.aws().resolveCredentials();
        assertThat(aws).isInstanceOf(AwsSessionCredentials.class);
        assertThat(aws.accessKeyId()).isEqualTo("AKIAEXAMPLE");
        assertThat(aws.secretAccessKey()).isEqualTo(SECRET_KEY);
        assertThat(((AwsSessionCredentials) aws).sessionToken()).isEqualTo(SESSION);
        assertThat(engine.pgPassword()).contains(PASSWORD);
        assertThat(engine.ageIdentity()).contains(IDENTITY);
        assertThat(engine.toString()).doesNotContain(SECRET_KEY, PASSWORD, IDENTITY);
    }

    @Test
    public void withoutKeysTheAgentUsesItsDefaultProviderChain() {
        assertThat(AgentSecrets.none().awsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AgentSecrets.none().toEngine().pgPassword()).isEmpty();
    }

    @Test
    public void halfAKeyPairIsRefused() {
        assertThatThrownBy(() -> new AgentSecrets("AKIAEXAMPLE", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void theHolderSurvivesJavaSerializationAsRemotingSendsIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(secrets);
        }
        AgentSecrets copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (AgentSecrets) in.readObject();
        }

        assertThat(copy.values()).containsExactly(SECRET_KEY, SESSION, PASSWORD, IDENTITY);
        assertThat(copy.toEngine().aws().resolveCredentials().secretAccessKey()).isEqualTo(SECRET_KEY);
    }

    @Test
    public void everySecretIsMaskedInTheLogButTheAccessKeyIdStaysReadable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = secrets.masker().wrap(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        log.println("pg_dump: password authentication failed for password " + PASSWORD);
        log.println("signing with AKIAEXAMPLE:" + SECRET_KEY + " token " + SESSION);
        log.println("identity " + IDENTITY);
        log.close();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(System.lineSeparator(),
                "pg_dump: password authentication failed for password ****",
                "signing with AKIAEXAMPLE:**** token ****", "identity ****", ""));
    }

    @Test
    public void aSecretWrittenInPiecesIsStillMaskedBecauseWholeLinesAreWritten() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = secrets.masker().wrap(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        log.print("password pg-");
        log.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("nothing before the line ends").isEmpty();
        log.print("secret and the rest");
        log.close();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("password **** and the rest");
    }

    @Test
    public void aSecretContainingAnotherIsMaskedWhole() {
        SecretMasker masker = new SecretMasker(List.of("abc", "xxabcxx", ""));

        assertThat(masker.mask("1 xxabcxx 2 abc")).isEqualTo("1 **** 2 ****");
        assertThat(masker.mask(null)).isNull();
    }
}
