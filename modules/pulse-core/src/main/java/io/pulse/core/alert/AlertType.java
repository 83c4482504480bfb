package io.pulse.core.alert;

import java.util.Locale;

/** The kinds of alert of SPEC §5. */
public enum AlertType {
    /** A configured threshold rule's condition started to hold. */
    THRESHOLD,
    /** A plan item's fact reached its target. */
    PLAN_MET,
    /** A plan item's fact reached its challenge level. */
    CHALLENGE_MET,
    /** At period close, a plan item's fact was worse than its threshold. */
    BELOW_THRESHOLD,
    /** Within a period, the fact lags the expected progress by more than the tolerance. */
    PACE_BEHIND,
    /** A fact that was behind pace caught up. */
    PACE_RECOVERED;

    /** The snake_case name used in outputs ({@code pace_behind}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertType parse(String id) {
        if (id != null) {
            for (AlertType t : values()) {
                if (t.id().equalsIgnoreCase(id.trim())) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown alert type '" + id
                        + "': expected one of threshold, plan_met, challenge_met, below_threshold, pace_behind, pace_recovered");
    }
}
