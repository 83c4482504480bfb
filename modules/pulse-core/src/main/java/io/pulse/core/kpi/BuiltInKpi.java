package io.pulse.core.kpi;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * A built-in KPI of SPEC §3: either a plain value (a measure, or a difference of measures) or
 * {@code numerator / denominator x factor}.
 */
final class BuiltInKpi implements Kpi {
    private final String id;
    private final Unit unit;
    private final Direction direction;
    private final Set<Measure> inputs;
    private final Function<MeasureVector, BigDecimal> numerator;
    private final Function<MeasureVector, BigDecimal> denominator; // null for plain values
    private final BigDecimal factor;
    private final String formula;

    private BuiltInKpi(
            String id,
            Unit unit,
            Direction direction,
            Set<Measure> inputs,
            Function<MeasureVector, BigDecimal> numerator,
            Function<MeasureVector, BigDecimal> denominator,
            BigDecimal factor,
            String formula) {
        this.id = id;
        this.unit = unit;
        this.direction = direction;
        this.inputs = Collections.unmodifiableSet(inputs);
        this.numerator = numerator;
        this.denominator = denominator;
        this.factor = factor;
        this.formula = formula;
    }

    /** The measure itself. */
    static BuiltInKpi measure(Measure m, Unit unit, Direction direction) {
        return new BuiltInKpi(m.id(), unit, direction, EnumSet.of(m), v -> v.get(m), null, BigDecimal.ONE, m.id());
    }

    /** {@code a - b}, a plain value. */
    static BuiltInKpi difference(String id, Measure a, Measure b, Unit unit, Direction direction) {
        return new BuiltInKpi(
                id,
                unit,
                direction,
                EnumSet.of(a, b),
                v -> v.get(a).subtract(v.get(b)),
                null,
                BigDecimal.ONE,
                a.id() + " - " + b.id());
    }

    /** {@code numerator / denominator x factor} over arbitrary measure expressions. */
    static BuiltInKpi ratio(
            String id,
            Unit unit,
            Direction direction,
            Set<Measure> inputs,
            Function<MeasureVector, BigDecimal> numerator,
            Function<MeasureVector, BigDecimal> denominator,
            long factor,
            String formula) {
        return new BuiltInKpi(
                id,
                unit,
                direction,
                EnumSet.copyOf(inputs),
                numerator,
                denominator,
                BigDecimal.valueOf(factor),
                formula);
    }

    /** {@code a / b x factor}. */
    static BuiltInKpi ratio(String id, Measure a, Measure b, long factor, Unit unit, Direction direction) {
        String formula = a.id() + " / " + b.id() + (factor == 1 ? "" : " * " + factor);
        return ratio(id, unit, direction, EnumSet.of(a, b), v -> v.get(a), v -> v.get(b), factor, formula);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Unit unit() {
        return unit;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public Set<Measure> inputs() {
        return inputs;
    }

    @Override
    public KpiValue compute(MeasureVector current, MeasureVector previousOrNull) {
        if (denominator == null) {
            return KpiValue.plain(numerator.apply(current));
        }
        return KpiValue.ratio(numerator.apply(current), denominator.apply(current), factor);
    }

    /** Plain values are additive, except {@code customers}: distinct customers of a month are not the sum of its days'. */
    @Override
    public boolean additive() {
        return denominator == null && !inputs.contains(Measure.CUSTOMERS);
    }

    /** The formula in expression syntax, for documentation and the dashboard. */
    String formula() {
        return formula;
    }

    @Override
    public String toString() {
        return id + " = " + formula;
    }
}
