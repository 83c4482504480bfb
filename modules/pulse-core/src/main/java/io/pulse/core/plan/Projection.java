package io.pulse.core.plan;

import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.pace.Pace;
import io.pulse.core.pace.PaceStatus;
import io.pulse.core.pace.WorkingTime;
import io.pulse.core.period.Period;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a scored plan is heading (the KPI passport's "needs 70 % by now" and "at this rate"): per item the
 * pace's expected value by now and the fact projected to the period's end at the current rate over working time,
 * and the total fulfillment and bonus those projected facts would score.
 *
 * <p>Only additive KPIs accumulate over a period, so only they are projected ({@code fact / elapsed share}); a
 * ratio (CTR, CPL, AOV...) already is a rate and counts as it stands. {@code expected} exists only where
 * {@link Pace#appliesTo pace applies} (higher-is-better counts and money). Before any working time of the period
 * has elapsed nothing can be extrapolated: every projection is {@code null}. At or after the period's end the
 * share is 1, so the projection is the fact itself (a final scorecard projects what it has).
 */
public final class Projection {
    private Projection() {}

    /** The projection of one plan item. */
    public record Item(String kpi, BigDecimal expected, BigDecimal projected) {}

    /**
     * @param items                     one per plan item, in plan order
     * @param projectedTotalFulfillment the total fulfillment the projected facts score, percent, 6 places; null
     *                                  when an additive item cannot be projected yet
     * @param projectedBonus            the bonus the projected facts score, 2 places; null as above or when the plan
     *                                  has no money to compute a bonus from
     */
    public record Result(List<Item> items, BigDecimal projectedTotalFulfillment, BigDecimal projectedBonus) {
        public Result {
            items = List.copyOf(items);
        }
    }

    /**
     * Projects a scored plan at an instant.
     *
     * @param plan   the plan, resolved against {@code catalog} ({@link Plan#resolve})
     * @param score  the plan scored on its facts so far ({@link Scorer#score})
     * @param period the plan period being scored
     * @param at     the time "now" means: the latest event time, or wall-clock time in a live service
     */
    public static Result project(
            Plan plan, KpiCatalog catalog, ScoreResult score, Period period, Instant at, WorkingTime workingTime) {
        Objects.requireNonNull(at, "at");
        List<Item> items = new ArrayList<>(plan.items().size());
        Map<String, BigDecimal> projectedFacts = new HashMap<>();
        boolean complete = true;
        for (int i = 0; i < plan.items().size(); i++) {
            PlanItem item = plan.items().get(i);
            BigDecimal fact = score.items().get(i).fact();
            Kpi kpi = catalog.get(item.kpi());
            BigDecimal expected = null;
            BigDecimal projected = null;
            if (kpi.additive() && item.target() != null) {
                PaceStatus st =
                        Pace.evaluate(item.target(), fact, period, at, workingTime, BigDecimal.ZERO, BigDecimal.ZERO);
                expected = Pace.appliesTo(kpi) ? st.expected() : null;
                projected = st.projection();
                if (projected == null) {
                    complete = false;
                }
                projectedFacts.put(item.kpi(), projected);
            } else {
                projectedFacts.put(item.kpi(), fact);
            }
            items.add(new Item(item.kpi(), expected, projected));
        }
        if (!complete) {
            return new Result(items, null, null);
        }
        ScoreResult projectedScore = Scorer.score(plan, projectedFacts::get);
        return new Result(items, projectedScore.totalFulfillment(), projectedScore.bonus());
    }
}
