package io.pulse.core.plan;

import io.pulse.core.kpi.Direction;
import java.util.Locale;

/** How a KPI's fact becomes a fulfillment percentage (SPEC §4 "Fulfillment %"). */
public enum Scoring {
    /** {@code fact / target x 100}; for higher-is-better KPIs. */
    RATIO,
    /** {@code target / fact x 100}; the default for lower-is-better KPIs. */
    INVERSE_RATIO,
    /** {@code (2 - fact / target) x 100}; for lower-is-better KPIs. */
    INVERSE_LINEAR,
    /** The coefficient of the highest step whose {@code from} is at most the fact, x 100. */
    STEPS;

    /** The snake_case name used in plans ({@code inverse_linear}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The default scoring for a direction: {@link #RATIO} when higher is better, {@link #INVERSE_RATIO} when lower. */
    public static Scoring defaultFor(Direction direction) {
        return direction == Direction.LOWER ? INVERSE_RATIO : RATIO;
    }

    /** Whether this scoring fits a direction; {@link #STEPS} fits both. */
    public boolean fits(Direction direction) {
        return switch (this) {
            case RATIO -> direction == Direction.HIGHER;
            case INVERSE_RATIO, INVERSE_LINEAR -> direction == Direction.LOWER;
            case STEPS -> true;
        };
    }

    /** Parses {@code ratio}, {@code inverse_ratio}, {@code inverse_linear} or {@code steps} (also camelCase). */
    public static Scoring parse(String id) {
        if (id != null) {
            String norm = id.trim().replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_');
            for (Scoring s : values()) {
                if (s.id().equalsIgnoreCase(norm)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown scoring '" + id + "': expected one of ratio, inverse_ratio, inverse_linear, steps");
    }
}
