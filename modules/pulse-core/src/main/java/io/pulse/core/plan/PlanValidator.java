package io.pulse.core.plan;

import io.pulse.core.Scope;
import io.pulse.core.kpi.Direction;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a plan against SPEC §4 before it is used; the first problem found is thrown as a one-line
 * {@link PlanException} naming the plan key and, for an item, its 1-based position and KPI.
 */
public final class PlanValidator {
    /** Scopes a plan may belong to (SPEC §4): channels have KPIs but no plans. */
    public static final Set<Scope> PLAN_SCOPES = EnumSet.of(Scope.EMPLOYEE, Scope.TEAM, Scope.CAMPAIGN, Scope.COMPANY);

    private PlanValidator() {}

    /**
     * Validates a plan: scope, id and period; money non-negative; at least one KPI; every KPI known and listed once;
     * target present (and positive where the scoring divides by it); threshold, target and challenge ordered for the
     * direction; scoring fitting the direction; steps present and ascending for {@code steps} scoring only;
     * weights present, within [0, 1] and summing to exactly 1 for the weighted model.
     *
     * @throws PlanException one line naming the plan and the item
     */
    public static void validate(Plan plan, KpiCatalog catalog) {
        String where = "plan " + plan.key();
        if (!PLAN_SCOPES.contains(plan.scope())) {
            throw new PlanException(where + ": scope " + plan.scope().id()
                    + " cannot have a plan (expected employee, team, campaign or company)");
        }
        if (plan.id().isBlank() || plan.id().contains(Plan.KEY_SEPARATOR)) {
            throw new PlanException(where + ": id must be non-blank and must not contain '" + Plan.KEY_SEPARATOR + "'");
        }
        if (plan.scope() == Scope.COMPANY && !Scope.COMPANY_ID.equals(plan.id())) {
            throw new PlanException(where + ": a company plan has id '" + Scope.COMPANY_ID + "'");
        }
        if (plan.period() == PeriodKind.HOUR) {
            throw new PlanException(
                    where + ": period hour is too short for a plan (expected day, week, month, quarter or year)");
        }
        nonNegative(where, "baseSalary", plan.baseSalary());
        nonNegative(where, "plannedBonus", plan.plannedBonus());
        if (plan.items().isEmpty()) {
            throw new PlanException(where + ": a plan needs at least one KPI");
        }
        Set<String> seen = new HashSet<>();
        BigDecimal weights = BigDecimal.ZERO;
        List<PlanItem> items = plan.items();
        for (int i = 0; i < items.size(); i++) {
            PlanItem item = items.get(i);
            String at = where + ", kpi #" + (i + 1) + " (" + item.kpi() + ")";
            validateItem(at, item, plan.bonusModel(), catalog);
            if (!seen.add(item.kpi())) {
                throw new PlanException(at + ": the KPI is listed more than once");
            }
            if (plan.bonusModel() == BonusModel.WEIGHTED) {
                weights = weights.add(item.weight());
            }
        }
        if (plan.bonusModel() == BonusModel.WEIGHTED && weights.compareTo(BigDecimal.ONE) != 0) {
            throw new PlanException(where + ": weights sum to " + weights.toPlainString()
                    + ", expected exactly 1 for the weighted model");
        }
    }

    private static void validateItem(String at, PlanItem item, BonusModel model, KpiCatalog catalog) {
        if (!catalog.contains(item.kpi())) {
            throw new PlanException(at + ": unknown KPI '" + item.kpi() + "'");
        }
        if (item.target() == null) {
            throw new PlanException(at + ": target is required");
        }
        Direction direction = item.effectiveDirection(catalog);
        Scoring scoring = item.effectiveScoring(catalog);
        if (!scoring.fits(direction)) {
            throw new PlanException(at + ": scoring " + scoring.id() + " is for "
                    + (direction == Direction.HIGHER ? "lower" : "higher") + "-is-better KPIs but this item is "
                    + direction.id() + "-is-better (set direction to override)");
        }
        if (scoring != Scoring.STEPS && item.target().signum() <= 0) {
            throw new PlanException(at + ": target must be greater than 0 for " + scoring.id() + " scoring, got "
                    + item.target().toPlainString());
        }
        if (scoring == Scoring.INVERSE_RATIO
                && item.challenge() != null
                && item.challenge().signum() <= 0) {
            throw new PlanException(at + ": challenge must be greater than 0 for inverse_ratio scoring, got "
                    + item.challenge().toPlainString());
        }
        ordered(at, direction, "threshold", item.threshold(), "target", item.target());
        ordered(at, direction, "target", item.target(), "challenge", item.challenge());
        ordered(at, direction, "threshold", item.threshold(), "challenge", item.challenge());
        if (model == BonusModel.WEIGHTED) {
            if (item.weight() == null) {
                throw new PlanException(at + ": weight is required by the weighted model");
            }
            if (item.weight().signum() < 0 || item.weight().compareTo(BigDecimal.ONE) > 0) {
                throw new PlanException(at + ": weight must be between 0 and 1, got "
                        + item.weight().toPlainString());
            }
        }
        if (scoring == Scoring.STEPS) {
            validateSteps(at, item.steps());
        } else if (!item.steps().isEmpty()) {
            throw new PlanException(at + ": steps are only used by steps scoring, but scoring is " + scoring.id());
        }
    }

    private static void validateSteps(String at, List<Step> steps) {
        if (steps.isEmpty()) {
            throw new PlanException(at + ": steps scoring needs at least one step");
        }
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            if (step.coef().signum() < 0) {
                throw new PlanException(at + ": step #" + (s + 1) + " has a negative coef "
                        + step.coef().toPlainString());
            }
            if (s > 0 && steps.get(s - 1).from().compareTo(step.from()) >= 0) {
                throw new PlanException(
                        at + ": steps must be in ascending order of from, but step #" + (s + 1) + " (from "
                                + step.from().toPlainString() + ") does not follow step #" + s + " (from "
                                + steps.get(s - 1).from().toPlainString() + ")");
            }
        }
    }

    /** Higher is better: lowName <= highName; lower is better: lowName >= highName. Missing levels are skipped. */
    private static void ordered(
            String at, Direction direction, String lowName, BigDecimal low, String highName, BigDecimal high) {
        if (low == null || high == null) {
            return;
        }
        int c = low.compareTo(high);
        if (direction == Direction.HIGHER && c > 0) {
            throw new PlanException(at + ": " + lowName + " " + low.toPlainString() + " must be <= " + highName + " "
                    + high.toPlainString() + " because higher is better");
        }
        if (direction == Direction.LOWER && c < 0) {
            throw new PlanException(at + ": " + lowName + " " + low.toPlainString() + " must be >= " + highName + " "
                    + high.toPlainString() + " because lower is better");
        }
    }

    private static void nonNegative(String where, String field, BigDecimal value) {
        if (value != null && value.signum() < 0) {
            throw new PlanException(where + ": " + field + " must not be negative, got " + value.toPlainString());
        }
    }
}
