package io.pulse.core.pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class WorkingTimeTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final WorkingTime ALWAYS =
            new WorkingTime(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    private static final WorkingTime NIGHT_SHIFT =
            new WorkingTime(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.of(6, 0));

    /** Monday 2026-11-02 00:00 in Moscow. */
    private static final Instant MONDAY = Instant.parse("2026-11-01T21:00:00Z");

    @Test
    void shouldCountFortyFiveHoursInADefaultWeek() {
        // Given / When
        Duration week = WorkingTime.DEFAULT.workingTimeIn(MONDAY, MONDAY.plus(Duration.ofDays(7)), MOSCOW);

        // Then
        assertThat(week).isEqualTo(Duration.ofHours(45));
    }

    @Test
    void shouldCountPartialDaysAtTheEdges() {
        // Given Monday 12:30 to Tuesday 10:15 Moscow
        Instant from = MONDAY.plus(Duration.ofMinutes(12 * 60 + 30));
        Instant to = MONDAY.plus(Duration.ofHours(24 + 10).plusMinutes(15));

        // When / Then: 5h30 on Monday, 1h15 on Tuesday
        assertThat(WorkingTime.DEFAULT.workingTimeIn(from, to, MOSCOW)).isEqualTo(Duration.ofMinutes(330 + 75));
        assertThat(WorkingTime.DEFAULT.workingTimeIn(to, from, MOSCOW)).isZero();
    }

    @Test
    void shouldCountDaylightSavingDaysExactly() {
        // Given the Berlin days of 23 and 25 hours
        Instant spring = Instant.parse("2026-03-28T23:00:00Z");
        Instant autumn = Instant.parse("2026-10-24T22:00:00Z");

        // When / Then
        assertThat(ALWAYS.workingTimeIn(spring, spring.plus(Duration.ofHours(23)), BERLIN))
                .isEqualTo(Duration.ofHours(23));
        assertThat(ALWAYS.workingTimeIn(autumn, autumn.plus(Duration.ofHours(25)), BERLIN))
                .isEqualTo(Duration.ofHours(25));
        assertThat(NIGHT_SHIFT.workingTimeIn(spring, spring.plus(Duration.ofHours(23)), BERLIN))
                .isEqualTo(Duration.ofHours(5));
        assertThat(NIGHT_SHIFT.workingTimeIn(autumn, autumn.plus(Duration.ofHours(25)), BERLIN))
                .isEqualTo(Duration.ofHours(7));
    }

    @Test
    void shouldKnowWhetherAnInstantIsWorkingTime() {
        // Given Friday 2026-11-06 in Moscow
        Instant friday = MONDAY.plus(Duration.ofDays(4));

        // When / Then
        assertThat(WorkingTime.DEFAULT.isWorking(friday.plus(Duration.ofHours(9)), MOSCOW))
                .isTrue();
        assertThat(WorkingTime.DEFAULT.isWorking(
                        friday.plus(Duration.ofHours(18)).minusMillis(1), MOSCOW))
                .isTrue();
        assertThat(WorkingTime.DEFAULT.isWorking(friday.plus(Duration.ofHours(18)), MOSCOW))
                .isFalse();
        assertThat(WorkingTime.DEFAULT.isWorking(friday.plus(Duration.ofHours(8)), MOSCOW))
                .isFalse();
        assertThat(WorkingTime.DEFAULT.isWorking(friday.plus(Duration.ofHours(24 + 12)), MOSCOW))
                .as("Saturday")
                .isFalse();
    }

    @Test
    void shouldParseTheSpecConfiguration() {
        // Given
        Map<String, Object> config =
                Map.of("days", List.of("MON", "TUE", "WED", "THU", "FRI"), "from", "09:00", "to", "18:00");

        // When / Then
        assertThat(WorkingTime.parse(config)).isEqualTo(WorkingTime.DEFAULT);
        assertThat(WorkingTime.parse(Map.of("days", List.of("sat", "Sunday"), "to", "24:00")))
                .isEqualTo(new WorkingTime(
                        EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(9, 0), LocalTime.MIDNIGHT));
        assertThat(WorkingTime.parse(null)).isEqualTo(WorkingTime.DEFAULT);
    }

    @Test
    void shouldRejectBadConfigurationNamingTheKey() {
        // Given / When / Then
        assertThatThrownBy(() -> WorkingTime.parse(Map.of("hours", "9-18")))
                .hasMessage("workingTime: unknown key 'hours' (known: days, from, to)");
        assertThatThrownBy(() -> WorkingTime.parse(Map.of("from", 540)))
                .hasMessage("workingTime.from: expected a quoted time such as \"09:00\", got 540");
        assertThatThrownBy(() -> WorkingTime.parse(Map.of("to", "6pm")))
                .hasMessage("workingTime.to: expected a time such as \"09:00\", got '6pm'");
        assertThatThrownBy(() -> WorkingTime.parse(Map.of("days", List.of("MON", "FUN"))))
                .hasMessage("workingTime.days: unknown day 'FUN' (expected MON, TUE, WED, THU, FRI, SAT or SUN)");
        assertThatThrownBy(() -> WorkingTime.parse(Map.of("from", "22:00", "to", "06:00")))
                .hasMessage(
                        "workingTime: 'from' 22:00 must be before 'to' 06:00 (shifts across midnight are not supported)");
    }

    @Property(tries = 300)
    void shouldAddUpOverAdjacentIntervals(
            @ForAll @LongRange(min = 0, max = 40L * 24 * 3600) long a,
            @ForAll @LongRange(min = 0, max = 40L * 24 * 3600) long b,
            @ForAll boolean berlin) {
        // Given three instants around the Berlin autumn change
        ZoneId zone = berlin ? BERLIN : MOSCOW;
        Instant base = Instant.parse("2026-10-05T00:00:00Z");
        Instant x = base.plusSeconds(Math.min(a, b));
        Instant y = base.plusSeconds(Math.max(a, b));
        Instant z = base.plusSeconds(40L * 24 * 3600);

        // When / Then
        assertThat(WorkingTime.DEFAULT
                        .workingTimeIn(base, x, zone)
                        .plus(WorkingTime.DEFAULT.workingTimeIn(x, y, zone))
                        .plus(WorkingTime.DEFAULT.workingTimeIn(y, z, zone)))
                .isEqualTo(WorkingTime.DEFAULT.workingTimeIn(base, z, zone));
    }
}
