package io.pulse.app.cli;

import io.pulse.app.config.PulseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command that talks to a cluster. */
public final class ConfigOption {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:PULSE_CONFIG}",
            description = "Pulse's YAML configuration (default: $PULSE_CONFIG; without either, the defaults: Kafka at "
                    + "localhost:9092, the registry at http://localhost:8081). PULSE_* and KAFKA_* environment "
                    + "variables override its keys.")
    Path file;

    /** The file (or the defaults) with the environment laid over it. */
    public PulseConfig load() {
        return file == null ? PulseConfig.fromEnvironment() : PulseConfig.load(file);
    }
}
