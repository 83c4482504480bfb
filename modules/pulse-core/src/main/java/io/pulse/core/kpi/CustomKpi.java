package io.pulse.core.kpi;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Set;

/**
 * A KPI defined in configuration by an {@link Expression} (SPEC §3 "Custom KPIs"). Its unit is always
 * {@link Unit#POINTS} and its direction {@link Direction#HIGHER}. The expression is not split into numerator and
 * denominator: the computed {@link KpiValue} carries the value rounded half-even to {@link KpiValue#SCALE} places
 * as both {@code value} and {@code numerator}, and a {@code null} denominator; when the expression divides by zero,
 * value and numerator are {@code null}.
 */
public final class CustomKpi implements Kpi {
    private final String id;
    private final Expression expression;

    public CustomKpi(String id, Expression expression) {
        this.id = Objects.requireNonNull(id, "id");
        this.expression = Objects.requireNonNull(expression, "expression");
    }

    /** Parses {@code text} as the expression of a KPI named {@code id}; see {@link Expression#parse}. */
    public static CustomKpi parse(String id, String text) {
        return new CustomKpi(id, Expression.parse(id, text));
    }

    public Expression expression() {
        return expression;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Unit unit() {
        return Unit.POINTS;
    }

    @Override
    public Direction direction() {
        return Direction.HIGHER;
    }

    @Override
    public Set<Measure> inputs() {
        return expression.measures();
    }

    /** True when the expression is linear in measures without a constant term ({@code 3*orders + leads}). */
    @Override
    public boolean additive() {
        return expression.isAdditive();
    }

    @Override
    public KpiValue compute(MeasureVector current, MeasureVector previousOrNull) {
        BigDecimal v = expression.evaluate(current);
        if (v == null) {
            return new KpiValue(null, null, null);
        }
        BigDecimal rounded = v.setScale(KpiValue.SCALE, RoundingMode.HALF_EVEN);
        return new KpiValue(rounded, rounded, null);
    }

    @Override
    public String toString() {
        return id + " = " + expression.text();
    }
}
