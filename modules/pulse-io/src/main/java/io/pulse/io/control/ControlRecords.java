package io.pulse.io.control;

import io.pulse.core.Decimals;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanException;
import io.pulse.core.plan.PlanItem;
import io.pulse.core.plan.Step;
import io.pulse.streams.plan.DirectoryAvro;
import io.pulse.streams.plan.PlanAvro;
import java.math.BigDecimal;

/**
 * Plans and directory entries as the Avro records of their compacted topics, keyed as the topology reads them:
 * a plan by {@link Plan#key()} ({@code scope|id|period}), an entry by its employee.
 */
public final class ControlRecords {
    /** The scale of every number of the Plan schema. */
    static final int PLAN_SCALE = Decimals.SCALE;

    private ControlRecords() {}

    /**
     * The Avro record of a plan; a number with more decimal places than the schema keeps is an error rather
     * than silently rounded.
     *
     * @throws PlanException naming the plan, the KPI and the field
     */
    public static io.pulse.avro.control.Plan plan(Plan plan) {
        String where = "plan " + plan.key();
        exact(where, "baseSalary", plan.baseSalary());
        exact(where, "plannedBonus", plan.plannedBonus());
        for (PlanItem item : plan.items()) {
            String at = where + ", kpi " + item.kpi();
            exact(at, "target", item.target());
            exact(at, "threshold", item.threshold());
            exact(at, "challenge", item.challenge());
            exact(at, "weight", item.weight());
            for (Step step : item.steps()) {
                exact(at, "steps.from", step.from());
                exact(at, "steps.coef", step.coef());
            }
        }
        return PlanAvro.toAvro(plan);
    }

    /** The Avro record of a directory entry. */
    public static io.pulse.avro.control.DirectoryEntry entry(DirectoryEntry entry) {
        return DirectoryAvro.toAvro(entry);
    }

    private static void exact(String where, String field, BigDecimal value) {
        if (value != null && value.stripTrailingZeros().scale() > PLAN_SCALE) {
            throw new PlanException(where + ": '" + field + "' has more than " + PLAN_SCALE + " decimal places ("
                    + value.toPlainString() + ")");
        }
    }
}
