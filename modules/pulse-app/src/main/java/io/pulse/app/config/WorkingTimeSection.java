package io.pulse.app.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code workingTime:} the working days and hours in the business time zone (SPEC §5 pace alerts, and the
 * simulator's working-day rhythm).
 *
 * @param days working days, in week order, without repeats
 * @param from start of the working day (inclusive)
 * @param to   end of the working day (exclusive); after {@code from}, so shifts over midnight are not supported
 */
public record WorkingTimeSection(List<DayOfWeek> days, LocalTime from, LocalTime to) {
    public static final List<String> KEYS = List.of("days", "from", "to");
    public static final List<DayOfWeek> DEFAULT_DAYS = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    public static final LocalTime DEFAULT_FROM = LocalTime.of(9, 0);
    public static final LocalTime DEFAULT_TO = LocalTime.of(18, 0);

    public WorkingTimeSection {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (days.isEmpty()) {
            throw new InvalidConfigException("workingTime.days", "at least one working day is required");
        }
        if (EnumSet.copyOf(days).size() != days.size()) {
            throw new InvalidConfigException("workingTime.days", "a day is listed twice: " + days.stream()
                    .map(WorkingTimeSection::shortName).collect(Collectors.joining(", ")));
        }
        days = List.copyOf(EnumSet.copyOf(days));
        if (!from.isBefore(to)) {
            throw new InvalidConfigException("workingTime.to", "'" + to + "' must be after workingTime.from '"
                    + from + "' (working time over midnight is not supported)");
        }
    }

    public static WorkingTimeSection defaults() {
        return new WorkingTimeSection(DEFAULT_DAYS, DEFAULT_FROM, DEFAULT_TO);
    }

    static WorkingTimeSection read(ConfigReader r) {
        List<DayOfWeek> days = new ArrayList<>();
        for (String d : r.list("days", DEFAULT_DAYS.stream().map(WorkingTimeSection::shortName).toList())) {
            days.add(parseDay(r, d));
        }
        WorkingTimeSection section = new WorkingTimeSection(days, r.time("from", DEFAULT_FROM),
                r.time("to", DEFAULT_TO));
        r.finish();
        return section;
    }

    /** Whether {@code time} on {@code day} is working time. */
    public boolean isWorking(DayOfWeek day, LocalTime time) {
        return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
    }

    private static DayOfWeek parseDay(ConfigReader r, String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || shortName(d).equals(t)) {
                return d;
            }
        }
        throw r.error("days", "'" + text + "' is not a day of the week such as MON or MONDAY");
    }

    static String shortName(DayOfWeek d) {
        return d.name().substring(0, 3);
    }
}
