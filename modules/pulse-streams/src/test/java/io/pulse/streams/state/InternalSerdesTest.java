package io.pulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Direction;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.PeriodKind;
import io.pulse.core.plan.BonusModel;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanItem;
import io.pulse.core.plan.Scoring;
import io.pulse.core.plan.Step;
import io.pulse.streams.AvroSerdeFactory;
import io.pulse.streams.TestAvro;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.event.SourceRef;
import io.pulse.streams.plan.DirectoryAvro;
import io.pulse.streams.plan.PlanAvro;
import io.pulse.streams.time.Mark;
import io.pulse.streams.time.Watermarks;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Every internal binary layout round-trips and carries its version byte, and what the previous version of Pulse
 * wrote (main at 03166cb, rebuilt here byte for byte as it wrote them) is still read.
 */
class InternalSerdesTest {
    private static final MeasureVector MEASURES = MeasureVector.builder()
            .add(Measure.ORDERS, 2)
            .add(Measure.REVENUE, new BigDecimal("-10.0050"))
            .add(Measure.NEW_CUSTOMERS, 1)
            .build();
    private static final Instant NOV_4 = Instant.parse("2026-11-03T21:00:00Z");
    /** A plan as the plans topic gives it: every number at the schema's scale, every optional part used. */
    private static final Plan PLAN = new Plan(
            Scope.EMPLOYEE,
            "e-017 Ж",
            PeriodKind.MONTH,
            dec("60000"),
            dec("50000"),
            BonusModel.WEIGHTED,
            List.of(
                    new PlanItem(
                            "gross_profit",
                            dec("1000000"),
                            dec("500000"),
                            dec("1200000"),
                            dec("0.5"),
                            Scoring.STEPS,
                            Direction.HIGHER,
                            List.of(new Step(dec("0.8"), dec("0.5")), new Step(dec("1"), dec("1")))),
                    new PlanItem("aov", dec("200000"), null, null, dec("0.5"), null, null, List.of())),
            NOV_4);

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

    private static byte[] singleObject(org.apache.avro.specific.SpecificRecordBase record) throws IOException {
        // What main wrote: Plan.getEncoder().encode(..) / Scorecard.getEncoder().encode(..), the buffer's bytes
        ByteBuffer b = record instanceof io.pulse.avro.control.Plan p
                ? io.pulse.avro.control.Plan.getEncoder().encode(p)
                : Scorecard.getEncoder().encode((Scorecard) record);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void shouldRoundTripDeltasAndTicks() {
        ScopeDelta delta = new ScopeDelta(
                Scope.EMPLOYEE,
                "e-017 Ж",
                1_774_000_000_000L,
                0b101,
                1_774_000_123_456L,
                MEASURES,
                List.of("u-1", "u-2"));
        assertThat(roundTrip(InternalSerdes.scopeInputs(), new ScopeInput.Delta(delta)))
                .isEqualTo(new ScopeInput.Delta(delta));
        for (long w : new long[] {Watermarks.NONE, Watermarks.END, 0, 1_774_000_000_000L}) {
            ScopeInput tick = new ScopeInput.Tick(new Mark(5, w, w == Watermarks.END ? 7 : w));
            assertThat(roundTrip(InternalSerdes.scopeInputs(), tick)).isEqualTo(tick);
        }
    }

    @Test
    void shouldRoundTripRoutedEventsAndTicks() {
        PulseEvent e = new PulseEvent(
                EventType.ORDER,
                "o-1",
                1_774_000_000_000L,
                "c-1",
                null,
                "e-1",
                "u-9",
                MEASURES,
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
        assertThat(InternalSerdes.delta(key, f))
                .isEqualTo(new ScopeDelta(Scope.CAMPAIGN, "c-1", 3_600_000, 2, 99, MEASURES, List.of()));
        assertThat(roundTrip(InternalSerdes.marks(), new Mark(1, 2, 3))).isEqualTo(new Mark(1, 2, 3));
    }

    @Test
    void shouldRoundTripPlanUpdatesAndReadLayout1() throws IOException {
        // Given a plan and a deletion
        ScopeInput.PlanUpdate set = new ScopeInput.PlanUpdate(PLAN.key(), PLAN);
        ScopeInput.PlanUpdate deleted = new ScopeInput.PlanUpdate(PLAN.key(), null);

        // Then both round-trip in layout 2
        assertThat(roundTrip(InternalSerdes.planUpdates(), set, 2)).isEqualTo(set);
        assertThat(roundTrip(InternalSerdes.planUpdates(), deleted, 2)).isEqualTo(deleted);

        // And layout 1 (version 1, key, the single-object Avro plan or nothing, a presence flag) is still read
        byte[] avro = singleObject(PlanAvro.toAvro(PLAN));
        byte[] v1 = new Bin.Writer(64)
                .byte1(1)
                .string(PLAN.key())
                .bytes(avro)
                .byte1(1)
                .toByteArray();
        byte[] v1Deleted = new Bin.Writer(64)
                .byte1(1)
                .string(PLAN.key())
                .bytes(new byte[0])
                .byte1(0)
                .toByteArray();
        assertThat(InternalSerdes.planUpdates().deserializer().deserialize("t", v1))
                .isEqualTo(set);
        assertThat(InternalSerdes.planUpdates().deserializer().deserialize("t", v1Deleted))
                .isEqualTo(deleted);
    }

    @Test
    void shouldRoundTripPlansExactlyAndReadTheSingleObjectEncoding() throws IOException {
        // Given a plan with unscaled numbers and no validFrom, and one of the plans topic
        Plan bare = new Plan(
                Scope.TEAM,
                "north",
                PeriodKind.DAY,
                null,
                new BigDecimal("1.5"),
                null,
                List.of(PlanItem.of("orders", new BigDecimal("10"), BigDecimal.ONE)));

        // Then both round-trip exactly, scales included, and so does every scoring, direction and bonus model
        assertThat(roundTrip(InternalSerdes.plans(), bare, 2)).isEqualTo(bare);
        assertThat(roundTrip(InternalSerdes.plans(), PLAN, 2)).isEqualTo(PLAN);
        for (BonusModel model : BonusModel.values()) {
            List<PlanItem> items = new java.util.ArrayList<>();
            for (Scoring scoring : Scoring.values()) {
                for (Direction direction : Direction.values()) {
                    items.add(new PlanItem("orders", BigDecimal.TEN, null, null, null, scoring, direction, List.of()));
                }
            }
            Plan each = new Plan(Scope.COMPANY, "all", PeriodKind.YEAR, null, null, model, items);
            assertThat(roundTrip(InternalSerdes.plans(), each, 2)).isEqualTo(each);
        }

        // And the plans store's layout 1, Avro's single-object encoding, is still read
        assertThat(InternalSerdes.plans().deserializer().deserialize("t", singleObject(PlanAvro.toAvro(PLAN))))
                .isEqualTo(PLAN);
    }

    @Test
    void shouldRoundTripScorecardsAndReadTheSingleObjectEncoding() throws IOException {
        // Given a scorecard as the aggregator publishes it
        Scorecard card = Scorecard.newBuilder()
                .setScope("employee")
                .setScopeId("e-017")
                .setPeriod("month")
                .setPeriodStart("2026-11-01T00:00+03:00")
                .setPeriodEnd("2026-12-01T00:00+03:00")
                .setBonusModel("weighted")
                .setItems(List.of(ScorecardItem.newBuilder()
                        .setKpi("orders")
                        .setFact(dec("6"))
                        .setTarget(dec("5"))
                        .setWeight(dec("1"))
                        .setScoring("linear")
                        .setFulfillment(dec("120"))
                        .setCoefficient(dec("1.2"))
                        .setExpected(dec("4.5"))
                        .build()))
                .setTotalFulfillment(dec("120"))
                .setPlannedBonus(dec("1000"))
                .setBonus(dec("1200"))
                .setCurrency("RUB")
                .setFinal$(true)
                .build();

        // Then it round-trips, and the single-object encoding main stored is still read (compared field by field:
        // Avro's own equals cannot compare decimals inside an array)
        assertThat(roundTrip(InternalSerdes.scorecards(), card, 2))
                .usingRecursiveComparison()
                .isEqualTo(card);
        assertThat(InternalSerdes.scorecards().deserializer().deserialize("t", singleObject(card)))
                .usingRecursiveComparison()
                .isEqualTo(card);
    }

    @Test
    void shouldKeepTheScorecardSchemaOfLayout2() {
        // A changed Scorecard.avsc reads layout 2 wrongly: give it a new layout and read this one beside it
        assertThat(SchemaNormalization.parsingFingerprint64(Scorecard.getClassSchema()))
                .as("fingerprint of Scorecard.avsc; changed: add a scorecards layout 3 and keep reading 2")
                .isEqualTo(InternalSerdes.SCORECARD_SCHEMA_FINGERPRINT);
    }

    @Test
    void shouldRoundTripDirectoryEntriesAndReadTheRegistryWireFormat() {
        // Given the registry's serdes, as the topology has them
        AvroSerdeFactory avro = TestAvro.factory();
        Deserializer<DirectoryEntry> wire = DirectoryAvro.deserializer(avro);
        Serde<DirectoryEntry> serde = InternalSerdes.directory(bytes -> wire.deserialize("pulse.directory", bytes));
        DirectoryEntry undated = new DirectoryEntry("e-1", "north");
        DirectoryEntry dated = new DirectoryEntry("e-1", "south Ж", NOV_4);

        // Then entries round-trip
        assertThat(roundTrip(serde, undated, 2)).isEqualTo(undated);
        assertThat(roundTrip(serde, dated, 2)).isEqualTo(dated);

        // And what main kept in directory.valid, the directory topic's own bytes (registry wire format), is still read
        byte[] v1 = avro.valueSerde(io.pulse.avro.control.DirectoryEntry.class)
                .serializer()
                .serialize("pulse.directory", DirectoryAvro.toAvro(dated));
        assertThat(v1[0]).as("the registry's magic byte").isZero();
        assertThat(serde.deserializer().deserialize("pulse.directory.valid", v1))
                .isEqualTo(dated);
    }

    @Test
    void shouldRoundTripLongsAndReadKafkasLongLayout() {
        for (long v : new long[] {0, 1, -1, 3L << 56, Long.MIN_VALUE, Long.MAX_VALUE, 1_774_000_000_000L}) {
            // Then each round-trips in nine bytes
            byte[] bytes = InternalSerdes.longs().serializer().serialize("t", v);
            assertThat(bytes).hasSize(9);
            assertThat(roundTrip(InternalSerdes.longs(), v, 2)).isEqualTo(v);

            // And main's layout, Kafka's LongSerializer, is still read
            byte[] v1 = Serdes.Long().serializer().serialize("t", v);
            assertThat(InternalSerdes.longs().deserializer().deserialize("t", v1))
                    .isEqualTo(v);
        }
    }

    @Test
    void shouldRoundTripMarkersAndReadTheUnversionedOnes() {
        // Given the close index's and the customers store's markers: present (empty) and expire ({1})
        for (byte[] marker : new byte[][] {new byte[0], new byte[] {1}}) {
            // Then each round-trips behind its version byte
            assertThat(roundTrip(InternalSerdes.markers(), marker, 2)).isEqualTo(marker);

            // And main's markers, without one, are still read as they are
            assertThat(InternalSerdes.markers().deserializer().deserialize("t", marker))
                    .isEqualTo(marker);
        }
    }

    @Test
    void shouldRefuseAnUnknownVersion() {
        assertThatThrownBy(() -> InternalSerdes.scopeInputs().deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown internal record version 9");
        assertThatThrownBy(() -> InternalSerdes.planUpdates().deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown internal record version 9");
        assertThatThrownBy(() -> InternalSerdes.markers().deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown internal record version 9");
    }
}
