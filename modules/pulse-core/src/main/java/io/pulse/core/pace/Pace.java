package io.pulse.core.pace;

import io.pulse.core.Decimals;
import io.pulse.core.kpi.Direction;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.Unit;
import io.pulse.core.period.Period;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Pace of a plan within its period (SPEC §5): expected progress = target x elapsed share of the period's working
 * time; behind when the fact lags it by more than the tolerance. {@code PACE_BEHIND} fires when {@code behind}
 * becomes true and {@code PACE_RECOVERED} when it becomes false again while still evaluable (use
 * {@link io.pulse.core.alert.CrossingState}).
 */
public final class Pace {
    /** Default tolerance: behind when the fact is under 80% of the expected progress. */
    public static final BigDecimal DEFAULT_TOLERANCE = new BigDecimal("0.2");
    /** Default minimum elapsed share before pace is judged: the first tenth of a period says little. */
    public static final BigDecimal DEFAULT_MIN_ELAPSED_SHARE = new BigDecimal("0.1");

    private static final MathContext MATH = MathContext.DECIMAL128;
    private static final int SCALE = Decimals.SCALE;

    private Pace() {}

    /**
     * Whether pace means anything for a KPI: a higher-is-better count or money (or custom points) that accumulates
     * over the period ({@link Kpi#additive()}). Ratios, scores and lower-is-better KPIs have no "expected so far".
     */
    public static boolean appliesTo(Kpi kpi) {
        return kpi.direction() == Direction.HIGHER
                && kpi.additive()
                && (kpi.unit() == Unit.COUNT || kpi.unit() == Unit.MONEY || kpi.unit() == Unit.POINTS);
    }

    /** {@link #evaluate(BigDecimal, BigDecimal, Period, Instant, WorkingTime, BigDecimal, BigDecimal)} with the default minimum share. */
    public static PaceStatus evaluate(
            BigDecimal target, BigDecimal fact, Period period, Instant at, WorkingTime wt, BigDecimal tolerance) {
        return evaluate(target, fact, period, at, wt, tolerance, DEFAULT_MIN_ELAPSED_SHARE);
    }

    /**
     * Evaluates pace at an instant.
     *
     * @param fact             the KPI's value so far; {@code null} counts as 0 (no events yet)
     * @param tolerance        fraction of the expected progress the fact may lag by, 0..1
     * @param minElapsedShare  pace is not judged before this share of the working time has elapsed
     */
    public static PaceStatus evaluate(
            BigDecimal target,
            BigDecimal fact,
            Period period,
            Instant at,
            WorkingTime wt,
            BigDecimal tolerance,
            BigDecimal minElapsedShare) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(at, "at");
        BigDecimal f = fact == null ? BigDecimal.ZERO : fact;
        Duration total = wt.workingTimeIn(period.start(), period.end(), period.zone());
        if (total.isZero()) {
            return new PaceStatus(null, null, null, false, false);
        }
        Instant clamped = at.isBefore(period.start()) ? period.start() : at.isAfter(period.end()) ? period.end() : at;
        Duration elapsed = wt.workingTimeIn(period.start(), clamped, period.zone());
        BigDecimal share = BigDecimal.valueOf(elapsed.toMillis()).divide(BigDecimal.valueOf(total.toMillis()), MATH);
        BigDecimal expected = target.multiply(share);
        BigDecimal projection = share.signum() == 0 ? null : f.divide(share, MATH);
        boolean evaluable = period.contains(at)
                && wt.isWorking(at, period.zone())
                && share.compareTo(minElapsedShare == null ? BigDecimal.ZERO : minElapsedShare) >= 0;
        BigDecimal floor = expected.multiply(BigDecimal.ONE.subtract(tolerance == null ? BigDecimal.ZERO : tolerance));
        boolean behind = evaluable && f.compareTo(floor) < 0;
        return new PaceStatus(
                round(share), round(expected), projection == null ? null : round(projection), behind, evaluable);
    }

    private static BigDecimal round(BigDecimal v) {
        return v.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}
