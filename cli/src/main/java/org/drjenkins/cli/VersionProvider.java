package org.drjenkins.cli;

import org.drjenkins.engine.Version;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"dr " + Version.current(), "Java " + System.getProperty("java.version")};
    }
}
