package io.pulse.streams;

import static io.pulse.streams.Events.impression;
import static io.pulse.streams.Events.money;
import static io.pulse.streams.TopologyFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.events.NpsEvent;
import io.pulse.avro.events.OrderEvent;
import io.pulse.avro.events.SpendEvent;
import io.pulse.avro.events.TicketEvent;
import io.pulse.avro.events.TicketStatus;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.streams.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nothing is lost: duplicates count once, bad records reach the DLQ, late events reach the late topic. */
class RejectionsTest {
    private static final Instant T = Instant.parse("2026-11-02T07:00:00Z");
    private static final String DAY = "2026-11-02T00:00+03:00";

    private static TopologyFixture fixture() {
        return new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(ZoneId.of("Europe/Moscow"))
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                T);
    }

    @Test
    void shouldCountADuplicateEventOnce() {
        try (TopologyFixture f = fixture()) {
            // Given the same impression delivered twice (a producer retry)
            f.send(impression("i-1", T, "c-1", "1.00"), impression("i-1", T, "c-1", "1.00"));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", DAY))
                    .isEqualByComparingTo("1");
            assertThat(value(finals, "spend", "campaign", "c-1", "day", DAY)).isEqualByComparingTo("1");
        }
    }

    @Test
    void shouldDropACopyWithinTheHorizonAcrossAGenerationBoundaryAndCountOneBeyondIt() {
        // Given a one-hour dedupe horizon: eventIds are kept under the hour (generation) of their event time
        PulseStreamsConfig config = PulseStreamsConfig.builder()
                .zone(ZoneId.of("Europe/Moscow"))
                .currency("RUB")
                .closeOnWallClock(false)
                .dedupeHorizon(java.time.Duration.ofHours(1))
                .build();
        try (TopologyFixture f = new TopologyFixture(config, T)) {
            // When i-1 comes again 50 minutes later, in the next generation, and i-2 again after 2 hours 5 minutes
            f.send(
                    impression("i-1", T.plusSeconds(40 * 60), "c-1", null),
                    impression("i-2", T.plusSeconds(45 * 60), "c-1", null),
                    impression("i-1", T.plusSeconds(90 * 60), "c-1", null),
                    impression("i-2", T.plusSeconds(170 * 60), "c-1", null));
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then the first copy is dropped and the second, beyond the horizon, counts
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", DAY))
                    .isEqualByComparingTo("3");
        }
    }

    @Test
    void shouldStillFindEventIdsTheDedupeStoreBeforeGenerationsHolds() {
        PulseStreamsConfig config = PulseStreamsConfig.builder()
                .zone(ZoneId.of("Europe/Moscow"))
                .currency("RUB")
                .closeOnWallClock(false)
                .build();
        try (TopologyFixture f = new TopologyFixture(config, T)) {
            // Given the state a service left before dedupe generations: the eventId of i-9 under its event time
            org.apache.kafka.streams.state.WindowStore<String, Long> legacy =
                    f.driver.getWindowStore(PulseTopology.LEGACY_DEDUPE_STORE);
            legacy.put("impression|i-9", T.toEpochMilli(), T.toEpochMilli());

            // When i-9 arrives again, beside a new i-10
            f.send(impression("i-9", T, "c-1", null), impression("i-10", T, "c-1", null));
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then the copy of i-9 is recognised and only i-10 counts
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", DAY))
                    .isEqualByComparingTo("1");
        }
    }

    @Test
    void shouldSendEachKindOfBadRecordToTheDlqWithItsReasonAndKeepCounting() {
        try (TopologyFixture f = fixture()) {
            // Given good impressions around records that break each rule of SPEC §2
            byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
            f.send(impression("i-1", T, "c-1", null));
            f.sendRaw(EventType.IMPRESSION, "k".getBytes(StandardCharsets.UTF_8), garbage);
            f.send(impression("", T, "c-1", null));
            f.send(NpsEvent.newBuilder()
                    .setEventId("n-1")
                    .setOccurredAt(T)
                    .setScore(11)
                    .build());
            f.send(SpendEvent.newBuilder()
                    .setEventId("s-1")
                    .setOccurredAt(T)
                    .setCampaignId("c-1")
                    .setAmount(money("-5"))
                    .build());
            f.send(OrderEvent.newBuilder()
                    .setEventId("o-1")
                    .setOccurredAt(T)
                    .setCustomerId("k-1")
                    .setRevenue(money("10"))
                    .setCurrency("USD")
                    .build());
            f.send(TicketEvent.newBuilder()
                    .setEventId("t-1")
                    .setOccurredAt(T)
                    .setTicketId("t-1")
                    .setStatus(TicketStatus.resolved)
                    .setOpenedAt(T.plusSeconds(60))
                    .build());
            f.send(impression("i-2", T.plusSeconds(1), "c-1", null));

            // When
            List<RejectedRecord> dlq = f.readDlq();
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then every bad record is in the DLQ with a readable reason and its source coordinates
            assertThat(dlq)
                    .extracting(RejectedRecord::getReason)
                    .satisfiesExactly(
                            r -> assertThat(r).startsWith("cannot decode impression event"),
                            r -> assertThat(r).isEqualTo("invalid impression event: missing required field 'eventId'"),
                            r -> assertThat(r).isEqualTo("invalid nps event: score 11 is outside 0-10"),
                            r -> assertThat(r).isEqualTo("invalid spend event: amount is negative (-5.0000)"),
                            r -> assertThat(r)
                                    .isEqualTo(
                                            "invalid order event: currency 'USD' differs from the configured currency 'RUB'"),
                            r -> assertThat(r).contains("before it was opened"));
            RejectedRecord undecodable = dlq.get(0);
            assertThat(undecodable.getSourceTopic()).isEqualTo("pulse.events.impression");
            assertThat(undecodable.getOffset()).isEqualTo(1L);
            assertThat(StandardCharsets.UTF_8.decode(undecodable.getValue()).toString())
                    .isEqualTo("not avro");
            assertThat(dlq.get(2).getEventId()).isEqualTo("n-1");
            // and the good records around them are counted
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", DAY))
                    .isEqualByComparingTo("2");
        }
    }

    @Test
    void shouldSendAnEventPastGraceToTheLateTopicAndCountItInWindowsStillOpen() {
        try (TopologyFixture f = fixture()) {
            // Given the impressions topic read to 00:20 the next day (past the day's end plus 10 minutes of grace)
            // and every other topic at its end, so the watermark is there
            f.send(impression("i-1", T, "c-1", null));
            f.send(impression("i-2", Instant.parse("2026-11-02T21:20:00Z"), "c-2", null));
            f.endAllBut(EventType.IMPRESSION);

            // When an impression of 10:05 the previous day arrives on the same topic
            f.send(impression("i-late", T.plus(Duration.ofMinutes(5)), "c-1", null));
            List<RejectedRecord> late = f.readLate();
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then it is reported late once, for its hour and day, saying by how much, and counted in its week
            assertThat(late).hasSize(1);
            assertThat(late.get(0).getReason())
                    .isEqualTo("late by 13h10m after its window closed: hour 2026-11-02T10:00+03:00,"
                            + " day 2026-11-02T00:00+03:00 have closed (grace PT10M, its partition read up to 2026-11-02T21:20:00Z);"
                            + " counted in the windows still open");
            assertThat(late.get(0).getEventId()).isEqualTo("i-late");
            assertThat(late.get(0).getSourceTopic()).isEqualTo("pulse.events.impression");
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", DAY))
                    .isEqualByComparingTo("1");
            assertThat(value(finals, "impressions", "campaign", "c-1", "week", DAY))
                    .isEqualByComparingTo("2");
        }
    }
}
