package io.jenkins.plugins.dr.agent;

import java.io.UncheckedIOException;
import java.util.List;
import org.drjenkins.engine.backup.BackupException;
import org.drjenkins.engine.config.ConfigException;
import org.drjenkins.engine.failover.dns.DnsException;
import org.drjenkins.engine.restore.RestoreException;
import org.drjenkins.engine.storage.StoreException;
import org.drjenkins.engine.util.InvalidRequestException;
import org.drjenkins.engine.wal.WalException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Engine failures in the words of a pipeline step. The engine names request parameters neutrally
 * ({@link InvalidRequestException} carries them as structure); here they are spelled as the step's parameters
 * ({@link StepParameters}). Nothing of the engine's text is rewritten.
 */
final class EngineMessages {
    /**
     * What the engine throws when the request, the plan or the environment is wrong (bad input, a store or DNS
     * server that refused, a disk that filled): the user fixes it from one line. Anything else is a defect.
     */
    private static final List<Class<? extends Throwable>> EXPECTED = List.of(InvalidRequestException.class,
            ConfigException.class, StoreException.class, BackupException.class, WalException.class, DnsException.class,
            UncheckedIOException.class, SdkException.class, RestoreException.class);

    private EngineMessages() {
    }

    /**
     * The one line a step fails with for an expected engine failure.
     *
     * @throws RuntimeException {@code e} itself when it is not expected: it keeps its stack trace, which
     *                          {@link AgentCallable} prints (masked) to the build log
     */
    static StepFailure failure(String stepName, RuntimeException e, SecretMasker masker) {
        if (EXPECTED.stream().noneMatch(type -> type.isInstance(e))) {
            throw e;
        }
        String message = e instanceof InvalidRequestException invalid ? invalid.message(StepParameters.NAMES)
                : e.getMessage();
        return new StepFailure(forStep(stepName, message, masker));
    }

    /** One line, prefixed with the step, secrets masked. */
    static String forStep(String stepName, String message, SecretMasker masker) {
        String text = message == null || message.isBlank() ? Messages.EngineMessages_noMessage() : message;
        text = text.replace("\r", "").replaceAll("\n\\s*", " | ").strip();
        return masker.mask(stepName + ": " + text);
    }
}
