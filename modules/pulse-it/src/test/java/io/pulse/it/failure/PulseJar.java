package io.pulse.it.failure;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executable jar the processes run: {@code -Dpulse.jar=...}, or pulse-dev's build output next to this module
 * (pulse-it depends on pulse-dev, so a reactor build packages it before the integration tests run).
 */
final class PulseJar {
    private PulseJar() {}

    static Path path() {
        String configured = System.getProperty("pulse.jar");
        Path jar = configured != null
                ? Path.of(configured)
                : Path.of("")
                        .toAbsolutePath()
                        .resolveSibling("pulse-dev")
                        .resolve("target")
                        .resolve("pulse.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "no executable jar at " + jar + ": build it with "
                            + "'mvn -pl modules/pulse-it -am verify' (the reactor packages pulse-dev first) or pass -Dpulse.jar=");
        }
        return jar;
    }
}
