package org.drjenkins.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.drjenkins.engine.config.ConfigLoader;
import org.drjenkins.engine.config.DrConfig;
import org.drjenkins.engine.config.SourcedConfig;
import org.drjenkins.engine.util.InvalidRequestException;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command that reads the plan. */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "dr.yaml",
            description = "The DR configuration (dr.yaml). Default: ${DEFAULT-VALUE} in the current directory.")
    Path file;

    DrConfig load() {
        return loadSourced().config();
    }

    /** The plan and where each plan-wide value came from (dr.yaml, its ConfigMap, or the default). */
    SourcedConfig loadSourced() {
        if (!Files.isRegularFile(file)) {
            throw new InvalidRequestException("--config " + file + ": no such file; write one (see docs/configuration.md) or pass --config FILE");
        }
        return ConfigLoader.loadSourced(file);
    }
}
