package io.pulse.core.alert;

import java.math.BigDecimal;

/**
 * The fire-once-per-crossing rule of SPEC §5, as a pure function of the stored "fired" flag and the present
 * value. An alert fires when its condition starts to hold, stays quiet while it keeps holding, and re-arms when
 * the value returns; the caller stores {@link #firedAfter} for the next evaluation.
 */
public final class CrossingState {

    /** What to do after an evaluation. */
    public enum Transition {
        /** The condition has just started to hold: emit the alert and remember it fired. */
        FIRE,
        /** The value has returned: forget that it fired, so the next crossing fires again. */
        REARM,
        /** Nothing changes. */
        NONE
    }

    private CrossingState() {}

    /**
     * @param fired whether the alert has fired and not re-armed since
     * @param holds whether the condition holds now
     */
    public static Transition next(boolean fired, boolean holds) {
        if (!fired && holds) {
            return Transition.FIRE;
        }
        if (fired && !holds) {
            return Transition.REARM;
        }
        return Transition.NONE;
    }

    /**
     * Like {@link #next(boolean, boolean)} for a value and a condition, with an optional hysteresis: a fired alert
     * re-arms only once the value is back beyond the limit by at least {@code hysteresis}, so a value wobbling
     * around the limit does not flood. An undefined ({@code null}) value changes nothing.
     */
    public static Transition next(boolean fired, Condition condition, BigDecimal value, BigDecimal hysteresis) {
        if (value == null) {
            return Transition.NONE;
        }
        if (!fired) {
            return condition.holds(value) ? Transition.FIRE : Transition.NONE;
        }
        return condition.clearedBy(value, hysteresis) ? Transition.REARM : Transition.NONE;
    }

    /** The "fired" flag to store after a transition. */
    public static boolean firedAfter(boolean fired, Transition t) {
        return switch (t) {
            case FIRE -> true;
            case REARM -> false;
            case NONE -> fired;
        };
    }
}
