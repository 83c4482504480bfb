package io.pulse.streams;

import static io.pulse.streams.Events.lead;
import static io.pulse.streams.Events.order;
import static io.pulse.streams.TopologyFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.KpiValue;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A team's measures are its members' measures, by the directory in force when an event is counted. */
class DirectoryTest {
    private static final Instant T = Instant.parse("2026-11-02T07:00:00Z");
    private static final String MONTH = "2026-11-01T00:00+03:00";

    @Test
    void shouldAttributeEventsToTheEmployeesTeam() {
        try (TopologyFixture f = new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(ZoneId.of("Europe/Moscow"))
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                T)) {
            // Given e-1 and e-2 in team north, e-3 in south
            f.directory("e-1", "north").directory("e-2", "north").directory("e-3", "south");

            // When each sells
            f.send(
                    order("o-1", T, "e-1", "k-1", "100", null, true),
                    order("o-2", T, "e-2", "k-2", "50", null, false),
                    order("o-3", T, "e-3", "k-3", "7", null, false),
                    lead("l-1", T, null, "e-9", false));
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then the team sums its members; an employee outside the directory has no team
            assertThat(value(finals, "revenue", "team", "north", "month", MONTH))
                    .isEqualByComparingTo("150");
            assertThat(value(finals, "orders", "team", "north", "month", MONTH)).isEqualByComparingTo("2");
            assertThat(value(finals, "revenue", "team", "south", "month", MONTH))
                    .isEqualByComparingTo("7");
            assertThat(finals.keySet()).noneMatch(k -> k.contains("|team|") && k.startsWith("leads|"));
        }
    }

    @Test
    void shouldStillReadTheEntriesThePreviousVersionValidated() {
        try (TopologyFixture f = new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(ZoneId.of("Europe/Moscow"))
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                T)) {
            // Given e-1 in north as the previous version kept it (the directory topic's Avro bytes), e-2 as this one
            // does
            f.previouslyValidated("e-1", "north").directory("e-2", "north");

            // When both sell
            f.send(order("o-1", T, "e-1", "k-1", "100", null, true), order("o-2", T, "e-2", "k-2", "50", null, false));
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then both count for north
            assertThat(value(finals, "revenue", "team", "north", "month", MONTH))
                    .isEqualByComparingTo("150");
        }
    }

    @Test
    void shouldAttributeABacklogByEventTimeToTheTeamValidThen() {
        try (TopologyFixture f = new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(ZoneId.of("Europe/Moscow"))
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                T)) {
            // Given e-1 in north, and (read before the backlog) in south from 4 November
            f.directory("e-1", "north").directory("e-1", "south", Instant.parse("2026-11-03T21:00:00Z"));

            // When orders of 2 and 5 November are read
            f.send(
                    order("o-1", T, "e-1", "k-1", "100", null, false),
                    order("o-2", T.plus(java.time.Duration.ofDays(3)), "e-1", "k-2", "40", null, false));
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then each counts for the team of its own day, as it would have live
            assertThat(value(finals, "revenue", "team", "north", "month", MONTH))
                    .isEqualByComparingTo("100");
            assertThat(value(finals, "revenue", "team", "south", "month", MONTH))
                    .isEqualByComparingTo("40");
        }
    }

    @Test
    void shouldAttributeFutureEventsToTheNewTeamAfterAMove() {
        try (TopologyFixture f = new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(ZoneId.of("Europe/Moscow"))
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                T)) {
            // Given e-1 sells in north, then moves to south and sells again
            f.directory("e-1", "north");
            f.send(order("o-1", T, "e-1", "k-1", "100", null, false));
            f.directory("e-1", "south");
            f.send(order("o-2", T.plusSeconds(60), "e-1", "k-1", "30", null, false));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then the past stays with north
            assertThat(value(finals, "revenue", "team", "north", "month", MONTH))
                    .isEqualByComparingTo("100");
            assertThat(value(finals, "revenue", "team", "south", "month", MONTH))
                    .isEqualByComparingTo("30");
        }
    }

    @Test
    void shouldRejectAnInvalidDirectoryEntryAndKeepTheLastValidTeam() {
        try (TopologyFixture f = new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(ZoneId.of("Europe/Moscow"))
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                T)) {
            // Given e-1 in north, then an entry without a team and bytes that are no entry at all
            f.directory("e-1", "north");
            f.directory("e-1", " ");
            f.directoryRaw("e-1", "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));

            // When e-1 sells
            f.send(order("o-1", T, "e-1", "k-1", "100", null, false));
            java.util.List<io.pulse.avro.outputs.RejectedRecord> dlq = f.readDlq();
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then both bad entries are in the DLQ with their reasons, and north still gets the sale
            assertThat(dlq)
                    .extracting(io.pulse.avro.outputs.RejectedRecord::getReason)
                    .satisfiesExactly(
                            r -> assertThat(r)
                                    .isEqualTo("invalid directory entry for e-1: missing required field 'team'"),
                            r -> assertThat(r).startsWith("cannot decode directory entry"));
            assertThat(dlq.get(0).getSourceTopic()).isEqualTo("pulse.directory");
            assertThat(value(finals, "revenue", "team", "north", "month", MONTH))
                    .isEqualByComparingTo("100");
        }
    }
}
