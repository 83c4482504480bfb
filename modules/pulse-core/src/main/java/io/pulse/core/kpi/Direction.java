package io.pulse.core.kpi;

import java.util.Locale;

/** Whether a higher or a lower value of a KPI is better (SPEC §3 table, column "better"). */
public enum Direction {
    HIGHER,
    LOWER;

    /** The lower-case name used in configuration and plans ({@code higher}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code higher} or {@code lower}, case-insensitively. */
    public static Direction parse(String id) {
        if (id != null) {
            for (Direction d : values()) {
                if (d.id().equalsIgnoreCase(id.trim())) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("unknown direction '" + id + "': expected higher or lower");
    }
}
