package io.pulse.app.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "development" when run from classes). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = PulseCommand.class.getPackage().getImplementationVersion();
        return new String[] {"pulse " + (v == null ? "development" : v)};
    }
}
