package io.pulse.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertIdsTest {

    @Test
    void shouldGiveTheSameIdForTheSameParts() {
        // Given / When
        String a = AlertIds.of("high-bounce", "campaign", "c-9", "day", "2026-11-02T00:00+03:00");
        String b = AlertIds.of("high-bounce", "campaign", "c-9", "day", "2026-11-02T00:00+03:00");

        // Then
        assertThat(a).isEqualTo(b);
        assertThat(UUID.fromString(a).version()).isEqualTo(3);
        assertThat(a)
                .as("pinned, so a change of the scheme is a decision")
                .isEqualTo("3291381f-aa0a-3822-80cf-2157a08b87c8");
    }

    @Test
    void shouldGiveDifferentIdsForDifferentParts() {
        // Given / When / Then
        assertThat(AlertIds.of("ab", "c")).isNotEqualTo(AlertIds.of("a", "bc"));
        assertThat(AlertIds.of("high-bounce", "c-9", "2026-11-02T00:00+03:00"))
                .isNotEqualTo(AlertIds.of("high-bounce", "c-9", "2026-11-03T00:00+03:00"));
    }

    @Test
    void shouldRejectANullPart() {
        // Given / When / Then
        assertThatThrownBy(() -> AlertIds.of("a", null)).hasMessage("alert id part #2 is null");
    }
}
