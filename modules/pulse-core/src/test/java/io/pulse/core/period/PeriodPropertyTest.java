package io.pulse.core.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every instant falls in exactly one period of each kind, in zones with and without daylight saving. */
class PeriodPropertyTest {
    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("Europe/Berlin"),
            ZoneId.of("Europe/Moscow"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"),
            ZoneId.of("UTC"),
            ZoneId.of("Australia/Lord_Howe"));

    /** Instants that matter: 2026 DST changes of Berlin, New York and Lord Howe (30 minutes), a year end. */
    private static final List<Instant> HOTSPOTS = List.of(
            Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-10-25T01:00:00Z"),
            Instant.parse("2026-03-08T07:00:00Z"),
            Instant.parse("2026-11-01T06:00:00Z"),
            Instant.parse("2026-12-31T21:00:00Z"),
            Instant.parse("2026-04-04T15:00:00Z"),
            Instant.parse("2026-10-03T15:30:00Z"));

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Instant> nearHotspot = Arbitraries.of(HOTSPOTS)
                .flatMap(h -> Arbitraries.longs()
                        .between(-3L * 24 * 3600 * 1000, 3L * 24 * 3600 * 1000)
                        .map(h::plusMillis));
        Arbitrary<Instant> anywhere = Arbitraries.longs()
                .between(
                        Instant.parse("2020-01-01T00:00:00Z").toEpochMilli(),
                        Instant.parse("2030-12-31T00:00:00Z").toEpochMilli())
                .map(Instant::ofEpochMilli);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, nearHotspot), net.jqwik.api.Tuple.of(1, anywhere));
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES);
    }

    @Property(tries = 2000)
    void everyInstantFallsInExactlyOnePeriodOfEachKind(@ForAll("instants") Instant at, @ForAll("zones") ZoneId zone) {
        for (PeriodKind kind : PeriodKind.values()) {
            // Given / When
            Period p = Period.containing(kind, at, zone);

            // Then it contains the instant and its neighbours, which tile the timeline around it, do not
            assertThat(p.contains(at)).as("%s %s %s", kind, at, zone).isTrue();
            assertThat(p.previous().contains(at)).isFalse();
            assertThat(p.next().contains(at)).isFalse();
            assertThat(p.previous().end()).isEqualTo(p.start());
            assertThat(p.next().start()).isEqualTo(p.end());
            assertThat(Period.containing(kind, p.start(), zone)).isEqualTo(p);
            assertThat(Period.containing(kind, p.end().minusNanos(1), zone)).isEqualTo(p);
            assertThat(Period.containing(kind, p.end(), zone)).isEqualTo(p.next());
            assertThat(Period.parse(kind, p.name(), zone)).isEqualTo(p);
            assertThat(p.length()).isPositive();
            if (kind == PeriodKind.HOUR) {
                assertThat(p.length()).isLessThanOrEqualTo(Duration.ofHours(1));
            }
            if (kind == PeriodKind.DAY) {
                assertThat(p.length()).isBetween(Duration.ofHours(23), Duration.ofHours(25));
            }
        }
    }

    @Property(tries = 500)
    void everyDayIsTiledByItsHoursAndEveryMonthByItsDays(@ForAll("instants") Instant at, @ForAll("zones") ZoneId zone) {
        // Given
        Period day = Period.containing(PeriodKind.DAY, at, zone);

        // When the hours of the day are walked from its start
        Duration sum = Duration.ZERO;
        Period h = Period.containing(PeriodKind.HOUR, day.start(), zone);
        for (; h.start().isBefore(day.end()); h = h.next()) {
            sum = sum.plus(h.length());
        }

        // Then they end exactly where the day ends and add up to its length
        assertThat(h.start()).isEqualTo(day.end());
        assertThat(sum).isEqualTo(day.length());
        Period month = Period.containing(PeriodKind.MONTH, at, zone);
        Period d = Period.containing(PeriodKind.DAY, month.start(), zone);
        int days = 0;
        for (; d.start().isBefore(month.end()); d = d.next()) {
            days++;
        }
        assertThat(d.start()).isEqualTo(month.end());
        assertThat(days).isBetween(28, 31);
    }
}
