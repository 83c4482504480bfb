package io.pulse.core.kpi;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.util.Set;

/**
 * A KPI: a function of a window's {@link MeasureVector} (SPEC §3). Built-ins and custom expressions share this
 * interface; get them from {@link KpiCatalog}.
 */
public interface Kpi {

    /** The KPI's id, as in configuration, plans and outputs ({@code ctr}). */
    String id();

    Unit unit();

    /** Whether higher or lower is better; plan items may override it. */
    Direction direction();

    /** The measures the formula reads. */
    Set<Measure> inputs();

    /**
     * Computes the KPI for a window.
     *
     * @param current        the window's measures
     * @param previousOrNull the previous window of the same period kind and scope, or {@code null}; read only by
     *                       KPIs whose {@link #needsPrevious()} is true
     */
    KpiValue compute(MeasureVector current, MeasureVector previousOrNull);

    /** Computes the KPI for a window without looking at the previous one. */
    default KpiValue compute(MeasureVector current) {
        return compute(current, null);
    }

    /**
     * Whether the KPI is worth publishing for this vector: true when any of its input measures is non-zero, so a
     * campaign with only ticket events does not get a row of empty marketing KPIs.
     */
    default boolean appliesTo(MeasureVector v) {
        for (Measure m : inputs()) {
            if (v.get(m).signum() != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the KPI accumulates: its value over a sum of windows is the sum of its values over each (a measure, a
     * difference of measures, a custom expression linear in measures). Ratios are not additive. Pace only makes
     * sense for additive KPIs.
     */
    default boolean additive() {
        return false;
    }

    /** Whether {@link #compute} reads the previous window's vector ({@code revenue_growth} only). */
    default boolean needsPrevious() {
        return false;
    }
}
