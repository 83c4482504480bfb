package io.pulse.core.period;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * One calendar period in a business time zone: {@code [start, end)} on the instant timeline. Boundaries are
 * computed with java.time in the zone, so local days of 23 and 25 hours, months and ISO weeks are exact.
 * Two periods are equal when kind, zone and start instant are equal.
 */
public final class Period implements Comparable<Period> {
    private final PeriodKind kind;
    private final ZonedDateTime start;
    private final ZonedDateTime end;

    private Period(PeriodKind kind, ZonedDateTime start) {
        this.kind = kind;
        this.start = start;
        this.end = nextStart(kind, start);
    }

    /** The period of {@code kind} that contains {@code instant} in {@code zone}. */
    public static Period containing(PeriodKind kind, Instant instant, ZoneId zone) {
        Objects.requireNonNull(kind, "kind");
        ZonedDateTime t = instant.atZone(zone);
        return new Period(kind, startOf(kind, t));
    }

    /** The period of {@code kind} whose start is exactly {@code start}; fails if it is not a boundary. */
    public static Period startingAt(PeriodKind kind, Instant start, ZoneId zone) {
        Period p = containing(kind, start, zone);
        if (!p.start().equals(start)) {
            throw new IllegalArgumentException(start + " is not the start of a " + kind.id() + " in " + zone);
        }
        return p;
    }

    /** Parses the ISO name of a period start ({@code 2026-11-02T00:00+03:00}) for a kind and zone. */
    public static Period parse(PeriodKind kind, String isoStart, ZoneId zone) {
        return startingAt(kind, OffsetDateTime.parse(isoStart).toInstant(), zone);
    }

    private static ZonedDateTime startOf(PeriodKind kind, ZonedDateTime t) {
        ZoneId zone = t.getZone();
        LocalDate d = t.toLocalDate();
        return switch (kind) {
            case HOUR -> hourStart(t);
            case DAY -> d.atStartOfDay(zone);
            case WEEK ->
                d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone);
            case MONTH -> d.withDayOfMonth(1).atStartOfDay(zone);
            case QUARTER ->
                d.withMonth(((d.getMonthValue() - 1) / 3) * 3 + 1)
                        .withDayOfMonth(1)
                        .atStartOfDay(zone);
            case YEAR -> d.withDayOfYear(1).atStartOfDay(zone);
        };
    }

    private static ZonedDateTime nextStart(PeriodKind kind, ZonedDateTime start) {
        ZoneId zone = start.getZone();
        LocalDate d = start.toLocalDate();
        return switch (kind) {
            case HOUR -> hourEnd(start);
            case DAY -> d.plusDays(1).atStartOfDay(zone);
            case WEEK -> d.plusWeeks(1).atStartOfDay(zone);
            case MONTH -> d.plusMonths(1).atStartOfDay(zone);
            case QUARTER -> d.plusMonths(3).atStartOfDay(zone);
            case YEAR -> d.plusYears(1).atStartOfDay(zone);
        };
    }

    /**
     * The local clock hour containing {@code t}, read in the offset in force at {@code t}, so the two 02:00 hours of
     * a 25-hour day are distinct periods. In zones whose offset changes by less than an hour (Australia/Lord_Howe) an
     * hour is cut at the transition, so hours still tile the timeline without gaps or overlaps.
     */
    private static ZonedDateTime hourStart(ZonedDateTime t) {
        Instant at = t.toInstant();
        Instant start = t.toLocalDateTime().truncatedTo(ChronoUnit.HOURS).toInstant(t.getOffset());
        ZoneOffsetTransition last = t.getZone().getRules().previousTransition(at.plusNanos(1));
        if (last != null && last.getInstant().isAfter(start)) {
            start = last.getInstant();
        }
        return start.atZone(t.getZone());
    }

    private static ZonedDateTime hourEnd(ZonedDateTime start) {
        Instant end = start.toLocalDateTime()
                .truncatedTo(ChronoUnit.HOURS)
                .plusHours(1)
                .toInstant(start.getOffset());
        ZoneOffsetTransition next = start.getZone().getRules().nextTransition(start.toInstant());
        if (next != null && next.getInstant().isBefore(end)) {
            end = next.getInstant();
        }
        return end.atZone(start.getZone());
    }

    public PeriodKind kind() {
        return kind;
    }

    public ZoneId zone() {
        return start.getZone();
    }

    public Instant start() {
        return start.toInstant();
    }

    /** Exclusive end: the start of the next period. */
    public Instant end() {
        return end.toInstant();
    }

    public Duration length() {
        return Duration.between(start.toInstant(), end.toInstant());
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    public Period previous() {
        return containing(kind, start.toInstant().minusNanos(1), zone());
    }

    public Period next() {
        return new Period(kind, end);
    }

    /** The ISO name of the period: its start as an offset date-time, e.g. {@code 2026-11-02T00:00+03:00}. */
    public String name() {
        return start.toOffsetDateTime().toString();
    }

    @Override
    public int compareTo(Period o) {
        int c = start().compareTo(o.start());
        if (c == 0) {
            c = kind.compareTo(o.kind);
        }
        return c != 0 ? c : zone().getId().compareTo(o.zone().getId());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Period p
                && p.kind == kind
                && p.start().equals(start())
                && p.zone().equals(zone());
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, start(), zone());
    }

    @Override
    public String toString() {
        return kind.id() + "@" + name();
    }
}
