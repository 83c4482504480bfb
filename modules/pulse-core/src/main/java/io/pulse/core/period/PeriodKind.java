package io.pulse.core.period;

import java.util.Locale;

/** The calendar period kinds of SPEC §3, from the shortest to the longest. */
public enum PeriodKind {
    HOUR,
    DAY,
    WEEK,
    MONTH,
    QUARTER,
    YEAR;

    /** {@link #id()}, computed once: it is on the path of every output row. */
    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in configuration, topics and JSON ({@code day}). */
    public String id() {
        return id;
    }

    /** Parses {@code hour}, {@code day}, {@code week}, {@code month}, {@code quarter} or {@code year}. */
    public static PeriodKind parse(String id) {
        for (PeriodKind k : values()) {
            if (k.id().equalsIgnoreCase(id.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown period '" + id + "': expected one of hour, day, week, month, quarter, year");
    }
}
