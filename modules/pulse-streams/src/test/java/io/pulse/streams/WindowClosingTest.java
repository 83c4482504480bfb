package io.pulse.streams;

import static io.pulse.streams.Events.click;
import static io.pulse.streams.Events.impression;
import static io.pulse.streams.Events.lead;
import static io.pulse.streams.Events.order;
import static io.pulse.streams.TopologyFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.KpiValue;
import io.pulse.streams.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Final values: once per window, on stream time and on wall-clock time, independent of arrival order. */
class WindowClosingTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final Instant MON_10 = Instant.parse("2026-11-02T07:00:00Z");
    private static final String DAY = "2026-11-02T00:00+03:00";

    @Test
    void shouldCloseAQuietKeysDayOnWallClockAlone() {
        PulseStreamsConfig config =
                PulseStreamsConfig.builder().zone(MOSCOW).currency("RUB").build();
        try (TopologyFixture f = new TopologyFixture(config, MON_10)) {
            // Given one impression at 10:00 and no further events at all
            f.send(impression("i-1", MON_10, "c-quiet", null));

            // When only wall-clock time passes the day's end plus grace (to 01:00 the next day)
            f.advanceWallClock(Duration.ofHours(15));
            List<TestRecord<String, KpiValue>> first = f.readFinals();
            f.advanceWallClock(Duration.ofHours(1));
            List<TestRecord<String, KpiValue>> second = f.readFinals();

            // Then the hour and day close once each; week and month stay open
            assertThat(first)
                    .extracting(TestRecord::key)
                    .contains(
                            TopologyFixture.key("impressions", "campaign", "c-quiet", "hour", "2026-11-02T10:00+03:00"),
                            TopologyFixture.key("impressions", "campaign", "c-quiet", "day", DAY));
            assertThat(first).extracting(r -> r.value().getPeriod()).containsOnly("hour", "day");
            assertThat(first).allSatisfy(r -> assertThat(r.value().getFinal$()).isTrue());
            assertThat(second).isEmpty();
        }
    }

    @Test
    void shouldCloseADayOnlyWhenEveryTopicHasPassedItAndEachFinalExactlyOnce() {
        PulseStreamsConfig config = PulseStreamsConfig.builder()
                .zone(MOSCOW)
                .currency("RUB")
                .closeOnWallClock(false)
                .build();
        try (TopologyFixture f = new TopologyFixture(config, MON_10)) {
            // Given events on two days of one topic; the others have not been read yet
            f.send(impression("i-1", MON_10, "c-1", null));
            f.send(impression("i-2", MON_10.plus(Duration.ofDays(1)), "c-1", null));
            List<TestRecord<String, KpiValue>> whileOthersLag = f.readFinals();

            // When every other topic reaches its end, then everything closes (twice)
            f.endAllBut(EventType.IMPRESSION);
            List<TestRecord<String, KpiValue>> afterDayTwo = f.readFinals();
            f.closeAll();
            f.closeAll();
            List<TestRecord<String, KpiValue>> rest = f.readFinals();

            // Then nothing closed while a topic held the watermark back; the first day closed once they all passed
            // it, and no final key repeats
            assertThat(whileOthersLag).isEmpty();
            assertThat(afterDayTwo)
                    .extracting(TestRecord::key)
                    .contains(TopologyFixture.key("impressions", "campaign", "c-1", "day", DAY));
            List<String> keys = new ArrayList<>();
            afterDayTwo.forEach(r -> keys.add(r.key()));
            rest.forEach(r -> keys.add(r.key()));
            assertThat(keys).doesNotHaveDuplicates();
            assertThat(keys)
                    .contains(
                            TopologyFixture.key("impressions", "campaign", "c-1", "day", "2026-11-03T00:00+03:00"),
                            TopologyFixture.key("impressions", "campaign", "c-1", "month", "2026-11-01T00:00+03:00"));
        }
    }

    @Test
    void shouldGiveIdenticalFinalsForTheSameEventsInAnotherOrderWithinGrace() {
        // Given 60 events over one hour, and the same events shuffled within the hour
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Instant at = MON_10.plusSeconds(60L * i);
            events.add(
                    switch (i % 4) {
                        case 0 -> impression("i-" + i, at, "c-" + (i % 3), "0.10");
                        case 1 -> click("k-" + i, at, "c-" + (i % 3), "0.70");
                        case 2 -> lead("l-" + i, at, "c-" + (i % 3), "e-" + (i % 2), i % 8 == 2);
                        default -> order("o-" + i, at, "e-" + (i % 2), "k-" + (i % 5), "100.50", "40.25", i % 7 == 3);
                    });
        }
        List<SpecificRecord> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(42));
        PulseStreamsConfig config = PulseStreamsConfig.builder()
                .zone(MOSCOW)
                .currency("RUB")
                .closeOnWallClock(false)
                .grace(Duration.ofHours(2))
                .build();

        // When each order runs through its own topology
        Map<String, KpiValue> inOrder;
        Map<String, KpiValue> outOfOrder;
        try (TopologyFixture f = new TopologyFixture(config, MON_10)) {
            events.forEach(f::send);
            inOrder = f.closeAll().finalsByKey();
        }
        try (TopologyFixture f = new TopologyFixture(config, MON_10)) {
            shuffled.forEach(f::send);
            outOfOrder = f.closeAll().finalsByKey();
        }

        // Then the finals are identical, key by key
        assertThat(outOfOrder).isEqualTo(inOrder);
        assertThat(value(inOrder, "customers", "company", "all", "day", DAY)).isEqualByComparingTo("5");
    }

    @Test
    void shouldRemoveAClosedWindowFromTheStoreOnceItsRetentionHasPassed() {
        PulseStreamsConfig config = PulseStreamsConfig.builder()
                .zone(MOSCOW)
                .currency("RUB")
                .closeOnWallClock(false)
                .retention(io.pulse.core.period.PeriodKind.HOUR, Duration.ofMinutes(70))
                .build();
        try (TopologyFixture f = new TopologyFixture(config, MON_10)) {
            // Given impressions at 10:00 and, with every other topic at its end, at 13:00
            f.endAllBut(EventType.IMPRESSION);
            f.send(
                    impression("i-1", MON_10, "c-1", null),
                    impression("i-2", MON_10.plus(Duration.ofHours(3)), "c-1", null));

            // Then the 10:00 hour (closed at 11:10, kept 70 minutes after its end) is gone; its day is not
            var store =
                    f.driver.<org.apache.kafka.common.utils.Bytes, io.pulse.core.measure.MeasureVector>getKeyValueStore(
                            PulseTopology.AGGREGATES_STORE);
            long hourStart = MON_10.toEpochMilli();
            assertThat(store.get(new io.pulse.streams.state.WindowKey(
                                    io.pulse.core.Scope.CAMPAIGN,
                                    "c-1",
                                    io.pulse.core.period.PeriodKind.HOUR,
                                    hourStart)
                            .toBytes()))
                    .isNull();
            assertThat(store.get(new io.pulse.streams.state.WindowKey(
                                    io.pulse.core.Scope.CAMPAIGN,
                                    "c-1",
                                    io.pulse.core.period.PeriodKind.DAY,
                                    Instant.parse("2026-11-01T21:00:00Z").toEpochMilli())
                            .toBytes()))
                    .isNotNull();
            assertThat(f.readFinals())
                    .extracting(TestRecord::key)
                    .contains(TopologyFixture.key("impressions", "campaign", "c-1", "hour", "2026-11-02T10:00+03:00"));
        }
    }

    @Test
    void shouldGiveTheSameFinalsWithoutChangelogsAndWriteNone() {
        // Given the same events through a topology with its stores logged (the default) and one without (replay's)
        List<SpecificRecord> events = List.of(
                impression("i-1", MON_10, "c-1", "0.10"),
                click("k-1", MON_10.plusSeconds(60), "c-1", "0.70"),
                order("o-1", MON_10.plusSeconds(120), "e-1", "k-1", "100.50", "40.25", false));
        Map<String, KpiValue> logged;
        Map<String, KpiValue> unlogged;
        List<String> loggedTopics;
        List<String> unloggedTopics;
        PulseStreamsConfig.Builder config =
                PulseStreamsConfig.builder().zone(MOSCOW).currency("RUB").closeOnWallClock(false);
        try (TopologyFixture f = new TopologyFixture(config.build(), MON_10)) {
            events.forEach(f::send);
            logged = f.closeAll().finalsByKey();
            loggedTopics = changelogs(f);
        }
        try (TopologyFixture f = new TopologyFixture(config.changelogs(false).build(), MON_10)) {
            events.forEach(f::send);
            unlogged = f.closeAll().finalsByKey();
            unloggedTopics = changelogs(f);
        }

        // Then the finals are the same, and only the default wrote changelogs (among them the aggregates')
        assertThat(unlogged).isNotEmpty().isEqualTo(logged);
        assertThat(loggedTopics).anyMatch(t -> t.contains(PulseTopology.AGGREGATES_STORE));
        assertThat(unloggedTopics).isEmpty();
    }

    private static List<String> changelogs(TopologyFixture f) {
        return f.driver.producedTopicNames().stream()
                .filter(t -> t.endsWith("-changelog"))
                .toList();
    }
}
