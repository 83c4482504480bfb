package io.pulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import io.pulse.core.Scope;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.event.SourceRef;
import io.pulse.streams.time.Mark;
import io.pulse.streams.time.Watermarks;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Every internal binary layout round-trips and carries its version byte, and what the previous version of Pulse
 * wrote (main at 03166cb, rebuilt here byte for byte as it wrote them) is still read.
 */
class InternalSerdesTest {
    private static final MeasureVector MEASURES = MeasureVector.builder().add(Measure.ORDERS, 2)
            .add(Measure.REVENUE, new BigDecimal("-10.0050")).add(Measure.NEW_CUSTOMERS, 1).build();

    private static BigDecimal dec(String v) {
        return new BigDecimal(v).setScale(6);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return roundTrip(serde, value, 1);
    }

    private static <T> T roundTrip(Serde<T> serde, T value, int version) {
        byte[] bytes = serde.serializer().serialize("t", value);
        assertThat(bytes[0]).as("version byte").isEqualTo((byte) version);
        return serde.deserializer().deserialize("t", bytes);
    }

    private static byte[] singleObject(Scorecard card) throws IOException {
        // What main wrote: Scorecard.getEncoder().encode(card), the buffer's bytes
        ByteBuffer b = Scorecard.getEncoder().encode(card);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
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
    void shouldRoundTripScorecardsAndReadTheSingleObjectEncoding() throws IOException {
        // Given a scorecard as the aggregator publishes it
        Scorecard card = Scorecard.newBuilder().setScope("employee").setScopeId("e-017").setPeriod("month")
                .setPeriodStart("2026-11-01T00:00+03:00").setPeriodEnd("2026-12-01T00:00+03:00").setBonusModel("weighted")
                .setItems(List.of(ScorecardItem.newBuilder().setKpi("orders").setFact(dec("6")).setTarget(dec("5"))
                        .setWeight(dec("1")).setScoring("linear").setFulfillment(dec("120")).setCoefficient(dec("1.2"))
                        .setExpected(dec("4.5")).build()))
                .setTotalFulfillment(dec("120")).setPlannedBonus(dec("1000")).setBonus(dec("1200")).setCurrency("RUB")
                .setFinal$(true).build();

        // Then it round-trips, and the single-object encoding main stored is still read (compared field by field:
        // Avro's own equals cannot compare decimals inside an array)
        assertThat(roundTrip(InternalSerdes.scorecards(), card, 2)).usingRecursiveComparison().isEqualTo(card);
        assertThat(InternalSerdes.scorecards().deserializer().deserialize("t", singleObject(card)))
                .usingRecursiveComparison().isEqualTo(card);
    }

    @Test
    void shouldKeepTheScorecardSchemaOfLayout2() {
        // A changed Scorecard.avsc reads layout 2 wrongly: give it a new layout and read this one beside it
        assertThat(SchemaNormalization.parsingFingerprint64(Scorecard.getClassSchema()))
                .as("fingerprint of Scorecard.avsc; changed: add a scorecards layout 3 and keep reading 2")
                .isEqualTo(InternalSerdes.SCORECARD_SCHEMA_FINGERPRINT);
    }

    @Test
    void shouldRefuseAnUnknownVersion() {
        assertThatThrownBy(() -> InternalSerdes.scopeInputs().deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown internal record version 9");
    }
}
