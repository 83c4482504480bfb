package io.pulse.streams;

import static io.pulse.streams.Events.impression;
import static io.pulse.streams.TopologyFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.KpiValue;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Calendar windows in the business zone: local days, a 25-hour day, ISO weeks and months. */
class CalendarWindowsTest {
    private static TopologyFixture fixture(String zone) {
        return new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(ZoneId.of(zone))
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void shouldSplitMoscowDaysAtLocalMidnightNotUtc() {
        try (TopologyFixture f = fixture("Europe/Moscow")) {
            // Given one impression a second before Moscow midnight and one at midnight (21:00 UTC)
            f.send(
                    impression("i-1", Instant.parse("2026-11-01T20:59:59Z"), "c-1", null),
                    impression("i-2", Instant.parse("2026-11-01T21:00:00Z"), "c-1", null));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then each lands in its own local day, ISO week (Sunday vs Monday) and the same month
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", "2026-11-01T00:00+03:00"))
                    .isEqualByComparingTo("1");
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", "2026-11-02T00:00+03:00"))
                    .isEqualByComparingTo("1");
            assertThat(value(finals, "impressions", "campaign", "c-1", "week", "2026-10-26T00:00+03:00"))
                    .isEqualByComparingTo("1");
            assertThat(value(finals, "impressions", "campaign", "c-1", "week", "2026-11-02T00:00+03:00"))
                    .isEqualByComparingTo("1");
            assertThat(value(finals, "impressions", "campaign", "c-1", "month", "2026-11-01T00:00+03:00"))
                    .isEqualByComparingTo("2");
            assertThat(value(finals, "impressions", "campaign", "c-1", "quarter", "2026-10-01T00:00+03:00"))
                    .isEqualByComparingTo("2");
            assertThat(value(finals, "impressions", "campaign", "c-1", "year", "2026-01-01T00:00+03:00"))
                    .isEqualByComparingTo("2");
        }
    }

    @Test
    void shouldKeepTheTwoBerlinTwoOClockHoursOfThe25HourDayApart() {
        try (TopologyFixture f = fixture("Europe/Berlin")) {
            // Given 02:30 summer time (00:30Z) and 02:30 winter time (01:30Z) on 2026-10-25
            f.send(
                    impression("i-1", Instant.parse("2026-10-25T00:30:00Z"), "c-1", null),
                    impression("i-2", Instant.parse("2026-10-25T01:30:00Z"), "c-1", null),
                    impression("i-3", Instant.parse("2026-10-25T22:59:59Z"), "c-1", null));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then two distinct hours, and one day of 25 hours holding all three
            assertThat(value(finals, "impressions", "campaign", "c-1", "hour", "2026-10-25T02:00+02:00"))
                    .isEqualByComparingTo("1");
            assertThat(value(finals, "impressions", "campaign", "c-1", "hour", "2026-10-25T02:00+01:00"))
                    .isEqualByComparingTo("1");
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", "2026-10-25T00:00+02:00"))
                    .isEqualByComparingTo("3");
            assertThat(finals.get(TopologyFixture.key(
                                    "impressions", "campaign", "c-1", "day", "2026-10-25T00:00+02:00"))
                            .getPeriodEnd())
                    .isEqualTo("2026-10-26T00:00+01:00");
        }
    }

    @Test
    void shouldStartAnIsoWeekOnMondayAcrossAMonthEnd() {
        try (TopologyFixture f = fixture("Europe/Moscow")) {
            // Given Friday 30 October and Saturday 31 October and Sunday 1 November (all one ISO week)
            f.send(
                    impression("i-1", Instant.parse("2026-10-30T09:00:00Z"), "c-1", null),
                    impression("i-2", Instant.parse("2026-10-31T09:00:00Z"), "c-1", null),
                    impression("i-3", Instant.parse("2026-11-01T09:00:00Z"), "c-1", null));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then one week, two months
            assertThat(value(finals, "impressions", "campaign", "c-1", "week", "2026-10-26T00:00+03:00"))
                    .isEqualByComparingTo("3");
            assertThat(value(finals, "impressions", "campaign", "c-1", "month", "2026-10-01T00:00+03:00"))
                    .isEqualByComparingTo("2");
            assertThat(value(finals, "impressions", "campaign", "c-1", "month", "2026-11-01T00:00+03:00"))
                    .isEqualByComparingTo("1");
        }
    }
}
