package io.pulse.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CONFIGURATION.md documents every key and its variable, so a key added in code cannot go undocumented. */
class ConfigurationReferenceTest {

    @Test
    void shouldDocumentEveryKeyWithItsEnvironmentVariable() throws Exception {
        String reference = Files.readString(Path.of("CONFIGURATION.md"));

        for (String key : ConfigKeys.fixedKeys()) {
            assertThat(reference)
                    .as("CONFIGURATION.md row of %s", key)
                    .contains("| `" + key + "` | `" + ConfigKeys.envName(key) + "` |");
        }
    }
}
