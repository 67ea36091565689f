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

    /**
     * @param workspace the workspace on the agent, against which relative paths of the arguments resolve
     * @param log       the build log (never given a secret: tasks mask them, see {@link SecretMasker})
     */
    AgentResult run(Path workspace, PrintStream log) throws StepFailure, InterruptedException;
}
