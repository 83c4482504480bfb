package io.pulse.core.kpi;

import io.pulse.core.Decimals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The value of one KPI for one window, with the summed numerator and denominator it was computed from, so a
 * consumer can roll values up exactly instead of averaging ratios.
 *
 * @param value       {@code numerator / denominator x factor}, rounded half-even to {@link #SCALE} places;
 *                    {@code null} when the denominator is zero (never NaN, Infinity or 0)
 * @param numerator   the summed numerator (for a plain measure, the measure itself)
 * @param denominator the summed denominator; {@code null} for plain measures and custom KPIs
 */
public record KpiValue(BigDecimal value, BigDecimal numerator, BigDecimal denominator) {

    /** Decimal places of every ratio value: {@link Decimals#SCALE}. */
    public static final int SCALE = Decimals.SCALE;

    /** Precision of divisions whose result is not rounded to {@link #SCALE} (custom KPI expressions). */
    public static final MathContext MATH = MathContext.DECIMAL128;

    /** A value without a denominator: a measure itself or a difference of measures. */
    public static KpiValue plain(BigDecimal amount) {
        Objects.requireNonNull(amount, "amount");
        return new KpiValue(amount, amount, null);
    }

    /**
     * {@code numerator / denominator x factor}: the product is exact, and the quotient is rounded half-even to
     * {@link #SCALE} places directly (one rounding of the exact quotient, which is also the cheaper division: no
     * 34-digit quotient is computed first). A zero denominator gives a {@code null} value.
     */
    public static KpiValue ratio(BigDecimal numerator, BigDecimal denominator, BigDecimal factor) {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() == 0) {
            return new KpiValue(null, numerator, denominator);
        }
        BigDecimal v = numerator.multiply(factor).divide(denominator, SCALE, RoundingMode.HALF_EVEN);
        return new KpiValue(v, numerator, denominator);
    }

    /** Whether the KPI has a value (its denominator is not zero). */
    public boolean defined() {
        return value != null;
    }
}
