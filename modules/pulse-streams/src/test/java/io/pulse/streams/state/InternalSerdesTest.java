package io.pulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.core.Scope;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.event.SourceRef;
import io.pulse.streams.time.Mark;
import io.pulse.streams.time.Watermarks;
import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** Every internal binary layout round-trips, and each carries the version byte. */
class InternalSerdesTest {
    private static final MeasureVector MEASURES = MeasureVector.builder().add(Measure.ORDERS, 2)
            .add(Measure.REVENUE, new BigDecimal("-10.0050")).add(Measure.NEW_CUSTOMERS, 1).build();

    private static <T> T roundTrip(Serde<T> serde, T value) {
        byte[] bytes = serde.serializer().serialize("t", value);
        assertThat(bytes[0]).as("version byte").isEqualTo((byte) 1);
        return serde.deserializer().deserialize("t", bytes);
    }

    @Test
    void shouldRoundTripDeltasAndTicks() {
        ScopeDelta delta = new ScopeDelta(Scope.EMPLOYEE, "e-017 Ж", 1_774_000_000_000L, 0b101, 1_774_000_123_456L, MEASURES,
                List.of("u-1", "u-2"));
        assertThat(roundTrip(InternalSerdes.scopeInputs(), new ScopeInput.Delta(delta))).isEqualTo(new ScopeInput.Delta(delta));
        for (long w : new long[] {Watermarks.NONE, Watermarks.END, 0, 1_774_000_000_000L}) {
            ScopeInput tick = new ScopeInput.Tick(new Mark(5, w, w == Watermarks.END ? 7 : w));
            assertThat(roundTrip(InternalSerdes.scopeInputs(), tick)).isEqualTo(tick);
        }
    }

    @Test
    void shouldRoundTripRoutedEventsAndTicks() {
        PulseEvent e = new PulseEvent(EventType.ORDER, "o-1", 1_774_000_000_000L, "c-1", null, "e-1", "u-9", MEASURES,
                new SourceRef("pulse.events.order", 3, 42));
        assertThat(roundTrip(InternalSerdes.routed(), new Routed.Event(e))).isEqualTo(new Routed.Event(e));
        Routed tick = new Routed.Tick(new Mark(0, 123, 456));
        assertThat(roundTrip(InternalSerdes.routed(), tick)).isEqualTo(tick);
    }

    @Test
    void shouldRoundTripTheFoldBufferAndItsKeys() {
        Folded f = new Folded(99, MEASURES, List.of());
        assertThat(roundTrip(InternalSerdes.folded(), f)).isEqualTo(f);
        Bytes key = InternalSerdes.foldKey(Scope.CAMPAIGN, "c-1", 3_600_000, 2);
        assertThat(InternalSerdes.delta(key, f)).isEqualTo(new ScopeDelta(Scope.CAMPAIGN, "c-1", 3_600_000, 2, 99, MEASURES, List.of()));
        assertThat(roundTrip(InternalSerdes.marks(), new Mark(1, 2, 3))).isEqualTo(new Mark(1, 2, 3));
    }

    @Test
    void shouldRefuseAnUnknownVersion() {
        assertThatThrownBy(() -> InternalSerdes.scopeInputs().deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown internal record version 9");
    }
}
