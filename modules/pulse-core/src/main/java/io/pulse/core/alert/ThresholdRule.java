package io.pulse.core.alert;

import io.pulse.core.Scope;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * A configured threshold rule (SPEC §5, §7 {@code alerts:}): alert when a KPI of a scope, over a calendar
 * {@code period} or a sliding {@code window} (exactly one of them), satisfies a condition, once enough sample has
 * been seen.
 *
 * @param minSample {@code null} when the rule has none
 * @param severity  {@link Severity#WARNING} when {@code null}
 */
public record ThresholdRule(
        String name,
        String kpi,
        Scope scope,
        PeriodKind period,
        Duration window,
        Condition condition,
        MinSample minSample,
        Severity severity) {

    public ThresholdRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kpi, "kpi");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(condition, "condition");
        if ((period == null) == (window == null)) {
            throw new IllegalArgumentException("alert rule '" + name + "': set exactly one of 'period' or 'window'");
        }
        if (window != null && (window.isZero() || window.isNegative())) {
            throw new IllegalArgumentException("alert rule '" + name + "': 'window' must be positive, got " + window);
        }
        severity = severity == null ? Severity.WARNING : severity;
    }

    /** Whether the rule uses a sliding window rather than a calendar period. */
    public boolean isWindowed() {
        return window != null;
    }

    /** Whether the window's measures are enough to judge (always, without a minimum sample). */
    public boolean sampleSufficient(MeasureVector v) {
        return minSample == null || minSample.satisfiedBy(v);
    }

    /** Whether the rule's condition holds for a value measured on a sufficient sample. */
    public boolean holds(BigDecimal value, MeasureVector sample) {
        return sampleSufficient(sample) && condition.holds(value);
    }
}
