package io.pulse.core.plan;

import io.pulse.core.Decimals;
import io.pulse.core.kpi.Direction;
import io.pulse.core.kpi.KpiCatalog;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Fulfillment, bonus and payout of a plan (SPEC §4).
 *
 * <p>Per item, the raw fulfillment is {@code fact / target x 100} ({@code ratio}), {@code target / fact x 100}
 * ({@code inverse_ratio}), {@code (2 - fact / target) x 100} ({@code inverse_linear}) or the coefficient of the
 * highest step whose {@code from} is at most the fact x 100 ({@code steps}). The fulfillment <em>used for the
 * bonus</em> is then:
 * <ul>
 *     <li>0 when the fact is worse than the threshold, or when there is no fact;</li>
 *     <li>capped at the challenge's own fulfillment (the same scoring applied to the challenge level) when a
 *     challenge is given: over-achievement pays up to the challenge and no further. Without a challenge there is
 *     no cap;</li>
 *     <li>never below 0 ({@code inverse_linear} of a fact above twice the target), so one KPI cannot eat the
 *     bonus earned by the others;</li>
 *     <li>for {@code inverse_ratio} of a fact of 0 or less (a cost of nothing), the challenge's fulfillment if a
 *     challenge is given, else 0, as the ratio is unbounded.</li>
 * </ul>
 * The item's coefficient is that figure / 100. Percentages are kept to 6 places (half-even); money results to
 * 2 places (half-even); the bonus is computed from the unrounded total.
 */
public final class Scorer {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal TWO_HUNDRED = BigDecimal.valueOf(200);
    private static final MathContext MATH = MathContext.DECIMAL128;
    private static final int PERCENT_SCALE = Decimals.SCALE;
    private static final int MONEY_SCALE = 2;

    private Scorer() {}

    /** Scores a plan whose items' direction and scoring are resolved against the catalog first. */
    public static ScoreResult score(Plan plan, KpiCatalog catalog, Function<String, BigDecimal> factByKpi) {
        return score(plan.resolve(catalog), factByKpi);
    }

    /**
     * Scores a plan. Items need an explicit scoring or direction (as {@link PlanLoader} and
     * {@link Plan#resolve} give them): a missing scoring is the default of the direction, a missing direction
     * follows from the scoring ({@code steps}: higher).
     *
     * @param factByKpi the KPI value of the plan's scope and period so far, {@code null} when undefined
     */
    public static ScoreResult score(Plan plan, Function<String, BigDecimal> factByKpi) {
        List<ItemScore> scores = new ArrayList<>(plan.items().size());
        BigDecimal weighted = BigDecimal.ZERO;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal product = BigDecimal.ONE;
        for (int i = 0; i < plan.items().size(); i++) {
            PlanItem item = plan.items().get(i);
            Direction direction = direction(plan, i, item);
            Scoring scoring = item.scoring() != null ? item.scoring() : Scoring.defaultFor(direction);
            BigDecimal fact = factByKpi.apply(item.kpi());
            Scored s = scoreItem(item, direction, scoring, fact);
            scores.add(s.score);
            BigDecimal fraction = s.used.movePointLeft(2);
            if (item.weight() != null) {
                weighted = weighted.add(item.weight().multiply(s.used));
            }
            sum = sum.add(fraction);
            product = product.multiply(fraction);
        }
        BigDecimal total;
        BigDecimal bonus;
        switch (plan.bonusModel()) {
            case CUMULATIVE -> {
                total = sum.multiply(HUNDRED);
                bonus = plan.baseSalary() == null ? null : plan.baseSalary().multiply(sum);
            }
            case MULTIPLICATIVE -> {
                total = product.multiply(HUNDRED);
                bonus = plan.baseSalary() == null ? null : plan.baseSalary().multiply(product);
            }
            default -> {
                total = weighted;
                bonus = plan.plannedBonus() == null
                        ? null
                        : plan.plannedBonus().multiply(weighted).movePointLeft(2);
            }
        }
        BigDecimal roundedBonus = bonus == null ? null : money(bonus);
        BigDecimal payout = plan.baseSalary() == null
                ? null
                : money(
                        roundedBonus == null
                                ? plan.baseSalary()
                                : plan.baseSalary().add(roundedBonus));
        return new ScoreResult(scores, percent(total), roundedBonus, payout);
    }

    /** The raw fulfillment in percent (6 places) of a fact; {@code null} for inverse_ratio of a fact of 0 or less. */
    public static BigDecimal fulfillment(Scoring scoring, BigDecimal fact, BigDecimal target, List<Step> steps) {
        return switch (scoring) {
            case RATIO -> percent(fact.multiply(HUNDRED).divide(target, MATH));
            case INVERSE_RATIO ->
                fact.signum() <= 0 ? null : percent(target.multiply(HUNDRED).divide(fact, MATH));
            case INVERSE_LINEAR ->
                percent(TWO_HUNDRED.subtract(fact.multiply(HUNDRED).divide(target, MATH)));
            case STEPS -> {
                BigDecimal coef = BigDecimal.ZERO;
                for (Step step : steps) {
                    if (step.from().compareTo(fact) <= 0) {
                        coef = step.coef();
                    } else {
                        break;
                    }
                }
                yield percent(coef.multiply(HUNDRED));
            }
        };
    }

    private record Scored(ItemScore score, BigDecimal used) {}

    private static Scored scoreItem(PlanItem item, Direction direction, Scoring scoring, BigDecimal fact) {
        if (fact == null) {
            ItemScore none = new ItemScore(
                    item.kpi(), null, null, percent(BigDecimal.ZERO), item.threshold() != null, false, false);
            return new Scored(none, BigDecimal.ZERO);
        }
        BigDecimal raw = fulfillment(scoring, fact, item.target(), item.steps());
        boolean below = item.threshold() != null && worse(direction, fact, item.threshold());
        boolean targetMet = !worse(direction, fact, item.target());
        boolean challengeMet = item.challenge() != null && !worse(direction, fact, item.challenge());
        BigDecimal cap =
                item.challenge() == null ? null : fulfillment(scoring, item.challenge(), item.target(), item.steps());
        BigDecimal used;
        if (below) {
            used = BigDecimal.ZERO;
        } else if (raw == null) {
            used = cap == null ? BigDecimal.ZERO : cap;
        } else {
            used = cap != null && raw.compareTo(cap) > 0 ? cap : raw;
        }
        if (used.signum() < 0) {
            used = BigDecimal.ZERO;
        }
        used = percent(used);
        ItemScore score =
                new ItemScore(item.kpi(), fact, raw, percent(used.movePointLeft(2)), below, targetMet, challengeMet);
        return new Scored(score, used);
    }

    /** Whether {@code fact} is strictly worse than {@code level} for the direction. */
    private static boolean worse(Direction direction, BigDecimal fact, BigDecimal level) {
        int c = fact.compareTo(level);
        return direction == Direction.HIGHER ? c < 0 : c > 0;
    }

    private static Direction direction(Plan plan, int index, PlanItem item) {
        if (item.direction() != null) {
            return item.direction();
        }
        if (item.scoring() != null) {
            return item.scoring() == Scoring.INVERSE_RATIO || item.scoring() == Scoring.INVERSE_LINEAR
                    ? Direction.LOWER
                    : Direction.HIGHER;
        }
        throw new IllegalArgumentException(
                "plan " + plan.key() + ", kpi #" + (index + 1) + " (" + item.kpi()
                        + "): direction and scoring are not resolved; use Plan.resolve(catalog) or Scorer.score(plan, catalog, facts)");
    }

    private static BigDecimal percent(BigDecimal v) {
        return v.setScale(PERCENT_SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal money(BigDecimal v) {
        return v.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
    }
}
