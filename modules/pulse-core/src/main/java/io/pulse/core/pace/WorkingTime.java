package io.pulse.core.pace;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Working hours on working days in the business time zone (SPEC §5, §7 {@code workingTime}), the clock that pace
 * is measured on. Hours are {@code [from, to)} in local time on each working day; {@code to} of {@code 00:00}
 * (written {@code "24:00"}) means the end of the day. Shifts across midnight are not supported.
 * Durations are measured on the instant timeline, so a working day that contains a daylight-saving change is
 * an hour shorter or longer.
 */
public record WorkingTime(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    /** Monday to Friday, 09:00 to 18:00. */
    public static final WorkingTime DEFAULT =
            new WorkingTime(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(18, 0));

    public WorkingTime {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        days = days.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(DayOfWeek.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(days));
        if (!to.equals(LocalTime.MIDNIGHT) && !from.isBefore(to)) {
            throw new IllegalArgumentException("workingTime: 'from' " + from + " must be before 'to' " + to
                    + " (shifts across midnight are not supported)");
        }
    }

    /**
     * Reads the configuration map {@code { days: [MON, TUE, ...], from: "09:00", to: "18:00" }}; missing keys take
     * the {@link #DEFAULT}'s values.
     *
     * @throws IllegalArgumentException one line naming the key
     */
    public static WorkingTime parse(Map<String, ?> map) {
        if (map == null) {
            return DEFAULT;
        }
        for (String key : map.keySet()) {
            if (!Set.of("days", "from", "to").contains(key)) {
                throw new IllegalArgumentException("workingTime: unknown key '" + key + "' (known: days, from, to)");
            }
        }
        Set<DayOfWeek> days = map.containsKey("days") ? days(map.get("days")) : DEFAULT.days;
        LocalTime from = map.containsKey("from") ? time("from", map.get("from")) : DEFAULT.from;
        LocalTime to = map.containsKey("to") ? time("to", map.get("to")) : DEFAULT.to;
        return new WorkingTime(days, from, to);
    }

    private static Set<DayOfWeek> days(Object raw) {
        if (!(raw instanceof Collection<?> list)) {
            throw new IllegalArgumentException(
                    "workingTime.days: expected a list such as [MON, TUE, WED, THU, FRI], got " + raw);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object o : list) {
            days.add(day(String.valueOf(o)));
        }
        return days;
    }

    private static DayOfWeek day(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t)
                    || d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
                            .toUpperCase(Locale.ROOT)
                            .equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "workingTime.days: unknown day '" + text + "' (expected MON, TUE, WED, THU, FRI, SAT or SUN)");
    }

    private static LocalTime time(String key, Object raw) {
        if (!(raw instanceof String s)) {
            // YAML 1.1 reads an unquoted 09:00 as the number 540 (base 60).
            throw new IllegalArgumentException(
                    "workingTime." + key + ": expected a quoted time such as \"09:00\", got " + raw);
        }
        String t = s.strip();
        if (key.equals("to") && (t.equals("24:00") || t.equals("24:00:00"))) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "workingTime." + key + ": expected a time such as \"09:00\", got '" + s + "'");
        }
    }

    /** Whether {@code at} is inside working hours of a working day in the zone. */
    public boolean isWorking(Instant at, ZoneId zone) {
        LocalDate date = at.atZone(zone).toLocalDate();
        if (!days.contains(date.getDayOfWeek())) {
            return false;
        }
        return !at.isBefore(startOn(date, zone)) && at.isBefore(endOn(date, zone));
    }

    /** The working time in {@code [from, to)}, exact on days of 23 and 25 hours; zero when {@code to <= from}. */
    public Duration workingTimeIn(Instant from, Instant to, ZoneId zone) {
        if (!from.isBefore(to) || days.isEmpty()) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate d = from.atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            if (!days.contains(d.getDayOfWeek())) {
                continue;
            }
            Instant start = max(startOn(d, zone), from);
            Instant end = min(endOn(d, zone), to);
            if (start.isBefore(end)) {
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
    }

    private Instant startOn(LocalDate date, ZoneId zone) {
        return ZonedDateTime.of(date, this.from, zone).toInstant();
    }

    private Instant endOn(LocalDate date, ZoneId zone) {
        return to.equals(LocalTime.MIDNIGHT)
                ? date.plusDays(1).atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(date, this.to, zone).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
