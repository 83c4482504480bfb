package io.pulse.core.period;

import static io.pulse.core.period.PeriodKind.DAY;
import static io.pulse.core.period.PeriodKind.HOUR;
import static io.pulse.core.period.PeriodKind.MONTH;
import static io.pulse.core.period.PeriodKind.QUARTER;
import static io.pulse.core.period.PeriodKind.WEEK;
import static io.pulse.core.period.PeriodKind.YEAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    /** Berlin springs forward at 01:00 UTC on 2026-03-29: 02:00 local becomes 03:00. */
    private static final Instant BERLIN_SPRING_FORWARD = Instant.parse("2026-03-29T01:00:00Z");
    /** Berlin falls back at 01:00 UTC on 2026-10-25: 03:00 local becomes 02:00 again. */
    private static final Instant BERLIN_FALL_BACK = Instant.parse("2026-10-25T01:00:00Z");

    @Test
    void shouldMakeTheBerlinSpringForwardDay23HoursLong() {
        // Given noon on the day Berlin springs forward
        Instant noon = Instant.parse("2026-03-29T10:00:00Z");

        // When
        Period day = Period.containing(DAY, noon, BERLIN);

        // Then
        assertThat(day.length()).isEqualTo(Duration.ofHours(23));
        assertThat(day.name()).isEqualTo("2026-03-29T00:00+01:00");
        assertThat(day.end()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(day.next().name()).isEqualTo("2026-03-30T00:00+02:00");
        assertThat(hoursOf(day)).hasSize(23).doesNotContain("2026-03-29T02:00+01:00", "2026-03-29T02:00+02:00");
    }

    @Test
    void shouldSkipTheMissingHourWhenBerlinSpringsForward() {
        // Given the first instant of summer time
        // When
        Period hour = Period.containing(HOUR, BERLIN_SPRING_FORWARD, BERLIN);

        // Then 03:00 CEST directly follows 01:00 CET
        assertThat(hour.name()).isEqualTo("2026-03-29T03:00+02:00");
        assertThat(hour.previous().name()).isEqualTo("2026-03-29T01:00+01:00");
        assertThat(hour.previous().end()).isEqualTo(hour.start());
        assertThat(hour.length()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldMakeTheBerlinFallBackDay25HoursLongWithTwoDistinctTwoOClockHours() {
        // Given the two instants that both read 02:30 on the Berlin wall clock
        Instant firstTwoThirty = BERLIN_FALL_BACK.minus(Duration.ofMinutes(30));
        Instant secondTwoThirty = BERLIN_FALL_BACK.plus(Duration.ofMinutes(30));

        // When
        Period first = Period.containing(HOUR, firstTwoThirty, BERLIN);
        Period second = Period.containing(HOUR, secondTwoThirty, BERLIN);
        Period day = Period.containing(DAY, firstTwoThirty, BERLIN);

        // Then
        assertThat(first.name()).isEqualTo("2026-10-25T02:00+02:00");
        assertThat(second.name()).isEqualTo("2026-10-25T02:00+01:00");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.next()).isEqualTo(second);
        assertThat(second.previous()).isEqualTo(first);
        assertThat(first.start()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(second.start()).isEqualTo(Instant.parse("2026-10-25T01:00:00Z"));
        assertThat(day.length()).isEqualTo(Duration.ofHours(25));
        assertThat(day.name()).isEqualTo("2026-10-25T00:00+02:00");
        assertThat(day.next().name()).isEqualTo("2026-10-26T00:00+01:00");
        assertThat(hoursOf(day)).hasSize(25).containsSubsequence("2026-10-25T02:00+02:00", "2026-10-25T02:00+01:00");
        assertThat(Period.parse(HOUR, "2026-10-25T02:00+01:00", BERLIN)).isEqualTo(second);
    }

    @Test
    void shouldBoundMoscowDaysAtLocalMidnightNotUtc() {
        // Given the last and first instants around Moscow midnight of 2026-11-02 (21:00 UTC the day before)
        Instant lastOfFirst = Instant.parse("2026-11-01T20:59:59.999Z");
        Instant firstOfSecond = Instant.parse("2026-11-01T21:00:00Z");

        // When
        Period before = Period.containing(DAY, lastOfFirst, MOSCOW);
        Period after = Period.containing(DAY, firstOfSecond, MOSCOW);

        // Then
        assertThat(before.name()).isEqualTo("2026-11-01T00:00+03:00");
        assertThat(after.name()).isEqualTo("2026-11-02T00:00+03:00");
        assertThat(after.length()).isEqualTo(Duration.ofHours(24));
        assertThat(before.next()).isEqualTo(after);
        assertThat(Period.containing(WEEK, firstOfSecond, MOSCOW).name()).isEqualTo("2026-11-02T00:00+03:00");
        assertThat(Period.containing(WEEK, lastOfFirst, MOSCOW).name()).isEqualTo("2026-10-26T00:00+03:00");
    }

    @Test
    void shouldKeepAnIsoWeekWholeAcrossTheYearEnd() {
        // Given New Year's Day 2027, a Friday of ISO week 2026-W53
        Instant newYear = Instant.parse("2027-01-01T12:00:00Z");

        // When
        Period week = Period.containing(WEEK, newYear, MOSCOW);

        // Then it runs Monday 2026-12-28 to Monday 2027-01-04
        assertThat(week.name()).isEqualTo("2026-12-28T00:00+03:00");
        assertThat(week.next().name()).isEqualTo("2027-01-04T00:00+03:00");
        assertThat(week.contains(Instant.parse("2026-12-31T12:00:00Z"))).isTrue();
        assertThat(week.length()).isEqualTo(Duration.ofDays(7));
        assertThat(Period.containing(YEAR, newYear, MOSCOW).name()).isEqualTo("2027-01-01T00:00+03:00");
    }

    @Test
    void shouldStartAWeekOnMondayEvenWhenItContainsADstChange() {
        // Given a Sunday that is 25 hours long
        // When
        Period week = Period.containing(WEEK, BERLIN_FALL_BACK, BERLIN);

        // Then
        assertThat(week.name()).isEqualTo("2026-10-19T00:00+02:00");
        assertThat(week.next().name()).isEqualTo("2026-10-26T00:00+01:00");
        assertThat(week.length()).isEqualTo(Duration.ofHours(7 * 24 + 1));
    }

    @Test
    void shouldAlignQuartersToCalendarQuartersInTheZone() {
        // Given
        Instant may = Instant.parse("2026-05-15T08:00:00Z");
        Instant march = Instant.parse("2026-03-31T22:30:00Z"); // already 1 April 00:30 in Berlin

        // When
        Period q2 = Period.containing(QUARTER, may, BERLIN);
        Period fromMarch = Period.containing(QUARTER, march, BERLIN);

        // Then
        assertThat(q2.name()).isEqualTo("2026-04-01T00:00+02:00");
        assertThat(q2.next().name()).isEqualTo("2026-07-01T00:00+02:00");
        assertThat(fromMarch).isEqualTo(q2);
        assertThat(q2.previous().name()).isEqualTo("2026-01-01T00:00+01:00");
        assertThat(q2.previous().length()).isEqualTo(Duration.ofHours(90 * 24 - 1));
        assertThat(Period.containing(QUARTER, Instant.parse("2026-11-30T00:00:00Z"), MOSCOW)
                        .name())
                .isEqualTo("2026-10-01T00:00+03:00");
        assertThat(Period.containing(QUARTER, Instant.parse("2026-11-30T00:00:00Z"), MOSCOW)
                        .next()
                        .name())
                .isEqualTo("2027-01-01T00:00+03:00");
    }

    @Test
    void shouldAlignMonthsToLocalMidnightOfTheFirst() {
        // Given
        // When
        Period october = Period.containing(MONTH, BERLIN_FALL_BACK, BERLIN);

        // Then
        assertThat(october.name()).isEqualTo("2026-10-01T00:00+02:00");
        assertThat(october.next().name()).isEqualTo("2026-11-01T00:00+01:00");
        assertThat(october.length()).isEqualTo(Duration.ofHours(31 * 24 + 1));
    }

    @Test
    void shouldAlignHoursToLocalClockHoursInHalfHourZones() {
        // Given 10:45 in Kolkata (+05:30)
        Instant at = Instant.parse("2026-06-01T05:15:00Z");

        // When
        Period hour = Period.containing(HOUR, at, KOLKATA);

        // Then
        assertThat(hour.name()).isEqualTo("2026-06-01T10:00+05:30");
        assertThat(hour.start()).isEqualTo(Instant.parse("2026-06-01T04:30:00Z"));
    }

    @Test
    void shouldCutHoursAtHalfHourDstTransitions() {
        // Given Lord Howe Island falls back 30 minutes at 02:00 local (+11:00) on 2026-04-05
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        Instant transition = Instant.parse("2026-04-04T15:00:00Z");

        // When
        Period before = Period.containing(HOUR, transition.minusSeconds(1), lordHowe);
        Period after = Period.containing(HOUR, transition, lordHowe);

        // Then the hours tile the timeline with no gap and no overlap
        assertThat(before.name()).isEqualTo("2026-04-05T01:00+11:00");
        assertThat(before.end()).isEqualTo(transition);
        assertThat(after.start()).isEqualTo(transition);
        assertThat(after.name()).isEqualTo("2026-04-05T01:30+10:30");
        assertThat(after.next().name()).isEqualTo("2026-04-05T02:00+10:30");
    }

    @Test
    void shouldNameUtcPeriodsWithZ() {
        // Given / When
        Period day = Period.containing(DAY, Instant.parse("2026-11-02T05:00:00Z"), ZoneOffset.UTC);

        // Then
        assertThat(day.name()).isEqualTo("2026-11-02T00:00Z");
        assertThat(Period.parse(DAY, day.name(), ZoneOffset.UTC)).isEqualTo(day);
    }

    @Test
    void shouldRejectAStartThatIsNotAPeriodBoundary() {
        // Given / When / Then
        assertThatThrownBy(() -> Period.parse(DAY, "2026-11-02T01:00+03:00", MOSCOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2026-11-01T22:00:00Z is not the start of a day in Europe/Moscow");
    }

    @Test
    void shouldParsePeriodKinds() {
        // Given / When / Then
        assertThat(PeriodKind.parse(" Quarter")).isEqualTo(QUARTER);
        assertThatThrownBy(() -> PeriodKind.parse("fortnight"))
                .hasMessage("unknown period 'fortnight': expected one of hour, day, week, month, quarter, year");
    }

    private static List<String> hoursOf(Period day) {
        List<String> names = new ArrayList<>();
        for (Period h = Period.containing(HOUR, day.start(), day.zone());
                h.start().isBefore(day.end());
                h = h.next()) {
            names.add(h.name());
        }
        return names;
    }
}
