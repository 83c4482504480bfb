package io.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden test of {@code topology.describe()}: renaming a store, processor or internal topic changes state and
 * topic names on upgrade, so it must be a decision. To accept a deliberate change, run with
 * {@code -Dpulse.golden.update=true} and commit the new file.
 */
class TopologyDescriptionTest {
    private static final Path GOLDEN = Path.of("src/test/resources/topology-description.txt");

    @Test
    void shouldMatchTheCommittedTopologyDescription() throws IOException {
        // Given the default configuration
        String actual = PulseTopology.build(PulseStreamsConfig.builder().build(), TestAvro.factory())
                .describe()
                .toString();

        // When a deliberate update is asked for, write it
        if (Boolean.getBoolean("pulse.golden.update")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }

        // Then
        assertThat(GOLDEN)
                .as("golden file; create it with -Dpulse.golden.update=true")
                .exists();
        assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
