package io.pulse.core.plan;

import io.pulse.core.kpi.Direction;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One KPI of a plan with its levels (SPEC §4). Only {@code kpi} and {@code target} are required;
 * {@code direction} {@code null} means the KPI's own, {@code scoring} {@code null} means the default for the
 * direction ({@link Scoring#defaultFor}). {@link #resolve(KpiCatalog)} fills both in.
 *
 * @param weight share of the weighted total (weights of a weighted plan sum to 1); ignored by the other models
 * @param steps  the steps of {@link Scoring#STEPS}, ascending by {@code from}; empty otherwise
 */
public record PlanItem(
        String kpi,
        BigDecimal target,
        BigDecimal threshold,
        BigDecimal challenge,
        BigDecimal weight,
        Scoring scoring,
        Direction direction,
        List<Step> steps) {

    public PlanItem {
        Objects.requireNonNull(kpi, "kpi");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** An item with only a target and a weight, scored by the KPI's defaults. */
    public static PlanItem of(String kpi, BigDecimal target, BigDecimal weight) {
        return new PlanItem(kpi, target, null, null, weight, null, null, List.of());
    }

    /** The direction in force: this item's, else the KPI's. */
    public Direction effectiveDirection(KpiCatalog catalog) {
        if (direction != null) {
            return direction;
        }
        return catalog.get(kpi).direction();
    }

    /** The scoring in force: this item's, else the default for the direction in force. */
    public Scoring effectiveScoring(KpiCatalog catalog) {
        return scoring != null ? scoring : Scoring.defaultFor(effectiveDirection(catalog));
    }

    /** This item with direction and scoring made explicit from the catalog. */
    public PlanItem resolve(KpiCatalog catalog) {
        Kpi k = catalog.get(kpi);
        Direction d = direction != null ? direction : k.direction();
        Scoring s = scoring != null ? scoring : Scoring.defaultFor(d);
        return new PlanItem(kpi, target, threshold, challenge, weight, s, d, steps);
    }
}
