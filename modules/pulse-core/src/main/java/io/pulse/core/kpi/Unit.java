package io.pulse.core.kpi;

import java.util.Locale;

/** The unit a KPI value is expressed in (SPEC §3 table, column "unit"). */
public enum Unit {
    COUNT,
    MONEY,
    PERCENT,
    MINUTES,
    SCORE,
    POINTS;

    /** {@link #id()}, computed once: it is on the path of every output row. */
    private final String id = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in outputs and JSON ({@code percent}). */
    public String id() {
        return id;
    }

    /** Parses a unit id, case-insensitively. */
    public static Unit parse(String id) {
        for (Unit u : values()) {
            if (u.id().equalsIgnoreCase(id.trim())) {
                return u;
            }
        }
        throw new IllegalArgumentException(
                "unknown unit '" + id + "': expected one of count, money, percent, minutes, score, points");
    }
}
