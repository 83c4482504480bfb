package io.pulse.it.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The figures a scenario measured (recovery, unavailability), logged and appended to target/failure/figures.txt. */
final class Figures {
    private static final Logger LOGGER = LoggerFactory.getLogger(Figures.class);

    private Figures() {}

    static void record(String scenario, String what, Duration d) {
        record(scenario, what, String.format("%.1f s", d.toMillis() / 1000.0));
    }

    static synchronized void record(String scenario, String what, String value) {
        String line = scenario + " | " + what + " | " + value;
        LOGGER.info("FIGURE {}", line);
        Path file = Scenario.workRoot().resolve("figures.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
