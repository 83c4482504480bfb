package io.pulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DirectoryKeysTest {
    @Test
    void shouldPadTheMillisTo19DigitsSoKeyOrderIsTimeOrder() {
        assertThat(DirectoryKeys.dated("e-1", 0)).isEqualTo("e-1@0000000000000000000");
        assertThat(DirectoryKeys.dated("e-1", 1_764_460_800_000L)).isEqualTo("e-1@0000001764460800000");
        assertThat(DirectoryKeys.dated("e-1", Long.MAX_VALUE)).isEqualTo("e-1@9223372036854775807");
        assertThat(DirectoryKeys.dated("e-1", -5))
                .as("before the epoch counts from it")
                .isEqualTo("e-1@0000000000000000000");

        List<Long> times = List.of(9L, 10L, 1_000L, 99_999L, 1_764_460_800_000L, Long.MAX_VALUE);
        List<String> keys =
                times.stream().map(t -> DirectoryKeys.dated("e-1", t)).toList();
        assertThat(keys).isSorted();
        assertThat(keys.stream().map(DirectoryKeys::validFromOf).collect(Collectors.toList()))
                .isEqualTo(times);
    }
}
