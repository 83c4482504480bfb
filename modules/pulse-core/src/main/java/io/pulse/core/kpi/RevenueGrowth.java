package io.pulse.core.kpi;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.math.BigDecimal;
import java.util.Set;

/**
 * {@code revenue_growth = (revenue - previous revenue) / previous revenue x 100}, the only KPI that reads the
 * previous window of the same period. A missing previous window counts as an empty one: numerator is the current
 * revenue, denominator zero, value {@code null}.
 */
final class RevenueGrowth implements Kpi {
    static final String ID = "revenue_growth";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Unit unit() {
        return Unit.PERCENT;
    }

    @Override
    public Direction direction() {
        return Direction.HIGHER;
    }

    @Override
    public Set<Measure> inputs() {
        return Set.of(Measure.REVENUE);
    }

    @Override
    public KpiValue compute(MeasureVector current, MeasureVector previousOrNull) {
        BigDecimal now = current.get(Measure.REVENUE);
        BigDecimal before = previousOrNull == null ? BigDecimal.ZERO : previousOrNull.get(Measure.REVENUE);
        return KpiValue.ratio(now.subtract(before), before, HUNDRED);
    }

    @Override
    public boolean needsPrevious() {
        return true;
    }

    @Override
    public String toString() {
        return ID + " = (revenue - previous revenue) / previous revenue * 100";
    }
}
