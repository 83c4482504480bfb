package io.pulse.core.plan;

import java.math.BigDecimal;
import java.util.List;

/**
 * A plan scored against its facts: the KPI passport's numbers.
 *
 * @param items            one per plan item, in plan order
 * @param totalFulfillment in percent, 6 places: weighted = sum(weight x fulfillment used); cumulative =
 *                         sum(coefficient) x 100; multiplicative = product(coefficient) x 100
 * @param bonus            2 places; {@code null} when the plan lacks the money it is computed from
 *                         (plannedBonus for weighted, baseSalary for the other models)
 * @param payout           baseSalary + bonus, 2 places; {@code null} without a baseSalary
 */
public record ScoreResult(List<ItemScore> items, BigDecimal totalFulfillment, BigDecimal bonus, BigDecimal payout) {
    public ScoreResult {
        items = List.copyOf(items);
    }
}
