package io.jenkins.plugins.dr.agent;

import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * The engine work of one step, run on the agent of the enclosing {@code node}: pg_dump, the database and the network
 * paths are the agent's. Travels to the agent as data (configuration text, resolved secrets, arguments) and
 * builds the engine objects there. Free of Jenkins types, so the tests run it as it runs on an agent.
 */
public interface AgentTask extends Serializable {

    /** The pipeline function name, for messages. */
    String stepName();

    /** Masks the secret values this task carries, in whatever of it reaches the build log (also a stack trace). */
    SecretMasker masker();

    /**
     * @param workspace the workspace on the agent, against which relative paths of the arguments resolve
     * @param log       the build log (never given a secret: tasks mask them, see {@link SecretMasker})
     * @throws StepFailure the step cannot do what it was asked: the build fails with this one line. Any other
     *                     exception is a defect; its stack trace goes to the build log, masked.
     */
    AgentResult run(Path workspace, PrintStream log) throws StepFailure, InterruptedException;
}
