package io.pulse.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.Alert;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertBufferTest {
    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    static Alert alert(String id, String scope, String scopeId, Instant at) {
        return Alert.newBuilder()
                .setAlertId(id)
                .setType("THRESHOLD")
                .setSeverity("warning")
                .setKpi("ctr")
                .setScope(scope)
                .setScopeId(scopeId)
                .setAt(at)
                .setMessage("ctr of " + scopeId)
                .build();
    }

    @Test
    void shouldKeepTheNewestAlertsNewestFirst() {
        // Given: a buffer of 3, four alerts arriving out of time order (from different partitions)
        AlertBuffer buffer = new AlertBuffer(3);
        buffer.add(alert("a2", "campaign", "c-1", T0.plusSeconds(2)));
        buffer.add(alert("a1", "campaign", "c-1", T0.plusSeconds(1)));
        buffer.add(alert("a4", "campaign", "c-2", T0.plusSeconds(4)));
        buffer.add(alert("a3", "employee", "e-1", T0.plusSeconds(3)));

        // Then: the oldest (a1) made room
        assertThat(buffer.recent(null, null, null, 10))
                .extracting(Alert::getAlertId)
                .containsExactly("a4", "a3", "a2");
        assertThat(buffer.size()).isEqualTo(3);
    }

    @Test
    void shouldFilterByScopeIdSinceAndLimit() {
        // Given
        AlertBuffer buffer = new AlertBuffer(100);
        for (int i = 0; i < 10; i++) {
            buffer.add(alert("c" + i, "campaign", i % 2 == 0 ? "c-even" : "c-odd", T0.plusSeconds(i)));
        }
        buffer.add(alert("e", "employee", "c-even", T0.plusSeconds(20)));

        // Then
        assertThat(buffer.recent("campaign", "c-even", null, 100))
                .extracting(Alert::getAlertId)
                .containsExactly("c8", "c6", "c4", "c2", "c0");
        assertThat(buffer.recent(null, "c-even", null, 2))
                .extracting(Alert::getAlertId)
                .containsExactly("e", "c8");
        assertThat(buffer.recent("campaign", null, T0.plusSeconds(7), 100))
                .extracting(Alert::getAlertId)
                .containsExactly("c9", "c8", "c7");
    }

    @Test
    void shouldNotDoubleAnAlertReadTwice() {
        AlertBuffer buffer = new AlertBuffer(10);
        buffer.add(alert("same", "campaign", "c-1", T0));
        buffer.add(alert("same", "campaign", "c-1", T0));
        assertThat(buffer.recent(null, null, null, 10)).hasSize(1);
    }
}
