package io.pulse.core.plan;

import java.util.Locale;

/** How a plan's KPI results become a bonus (SPEC §4 "Bonus models"). */
public enum BonusModel {
    /** {@code bonus = plannedBonus x sum(weight x fulfillment) / 100}; the default. */
    WEIGHTED,
    /** {@code bonus = baseSalary x sum(coefficient)}. */
    CUMULATIVE,
    /** {@code bonus = baseSalary x product(coefficient)}. */
    MULTIPLICATIVE;

    /** The lower-case name used in plans ({@code weighted}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BonusModel parse(String id) {
        if (id != null) {
            for (BonusModel m : values()) {
                if (m.id().equalsIgnoreCase(id.trim())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown bonus model '" + id + "': expected one of weighted, cumulative, multiplicative");
    }
}
