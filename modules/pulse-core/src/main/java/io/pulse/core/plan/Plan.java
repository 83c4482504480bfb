package io.pulse.core.plan;

import io.pulse.core.Scope;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A plan of one scope and period kind (SPEC §4): the KPIs a person, team, campaign or the company is measured on
 * in every period of that kind, their levels and weights, and how they turn into a bonus. Semantic rules are
 * checked by {@link PlanValidator}; {@link PlanLoader} reads plans from YAML or JSON.
 *
 * @param baseSalary   optional; the payout adds it to the bonus, the cumulative and multiplicative models multiply it
 * @param plannedBonus optional; the bonus paid at 100% total fulfillment in the weighted model
 * @param bonusModel   {@link BonusModel#WEIGHTED} when {@code null}
 * @param validFrom    optional event time from which the plan applies (SPEC §9); {@code null}: from when it is read
 */
public record Plan(
        Scope scope,
        String id,
        PeriodKind period,
        BigDecimal baseSalary,
        BigDecimal plannedBonus,
        BonusModel bonusModel,
        List<PlanItem> items,
        java.time.Instant validFrom) {

    /** Separator of the parts of {@link #key()}. */
    public static final String KEY_SEPARATOR = "|";

    public Plan {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(period, "period");
        bonusModel = bonusModel == null ? BonusModel.WEIGHTED : bonusModel;
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** A plan that applies from when it is read. */
    public Plan(
            Scope scope,
            String id,
            PeriodKind period,
            BigDecimal baseSalary,
            BigDecimal plannedBonus,
            BonusModel bonusModel,
            List<PlanItem> items) {
        this(scope, id, period, baseSalary, plannedBonus, bonusModel, items, null);
    }

    /** {@code scope|id|period}, e.g. {@code employee|e-017|month}: the key on the plans topic. */
    public String key() {
        return key(scope, id, period);
    }

    /** The key of the plan of a scope, id and period kind. */
    public static String key(Scope scope, String id, PeriodKind period) {
        return scope.id() + KEY_SEPARATOR + id + KEY_SEPARATOR + period.id();
    }

    /** This plan with every item's direction and scoring made explicit from the catalog. */
    public Plan resolve(KpiCatalog catalog) {
        return new Plan(
                scope,
                id,
                period,
                baseSalary,
                plannedBonus,
                bonusModel,
                items.stream().map(i -> i.resolve(catalog)).toList(),
                validFrom);
    }
}
