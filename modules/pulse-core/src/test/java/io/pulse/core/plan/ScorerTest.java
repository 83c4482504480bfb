package io.pulse.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.core.Scope;
import io.pulse.core.kpi.Direction;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private static final KpiCatalog CATALOG = KpiCatalog.builtIn();

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static Plan plan(BonusModel model, String baseSalary, String plannedBonus, PlanItem... items) {
        return new Plan(
                        Scope.EMPLOYEE,
                        "e-017",
                        PeriodKind.MONTH,
                        baseSalary == null ? null : d(baseSalary),
                        plannedBonus == null ? null : d(plannedBonus),
                        model,
                        List.of(items))
                .resolve(CATALOG);
    }

    private static PlanItem item(
            String kpi, String target, String threshold, String challenge, String weight, Scoring scoring) {
        return new PlanItem(
                kpi,
                d(target),
                threshold == null ? null : d(threshold),
                challenge == null ? null : d(challenge),
                weight == null ? null : d(weight),
                scoring,
                null,
                List.of());
    }

    private static Map<String, BigDecimal> facts(String... kpiAndFact) {
        Map<String, BigDecimal> m = new HashMap<>();
        for (int i = 0; i < kpiAndFact.length; i += 2) {
            m.put(kpiAndFact[i], d(kpiAndFact[i + 1]));
        }
        return m;
    }

    @Test
    void shouldReproduceTheSalesManagerExampleOfSpecSection4() {
        // Given
        Plan plan = plan(
                BonusModel.WEIGHTED,
                "60000",
                "50000",
                item("gross_profit", "1000000", null, null, "0.5", null),
                item("new_customers", "5", null, null, "0.3", null),
                item("aov", "200000", null, null, "0.2", null));

        // When
        ScoreResult result =
                Scorer.score(plan, facts("gross_profit", "900000", "new_customers", "6", "aov", "180000")::get);

        // Then
        assertThat(result.items())
                .extracting(ItemScore::fulfillment)
                .containsExactly(d("90.000000"), d("120.000000"), d("90.000000"));
        assertThat(result.totalFulfillment()).isEqualByComparingTo("99").hasToString("99.000000");
        assertThat(result.bonus()).hasToString("49500.00");
        assertThat(result.payout()).hasToString("109500.00");
    }

    @Test
    void shouldReproduceTheMarketerExampleOfSpecSection4() {
        // Given
        Plan plan = plan(
                BonusModel.WEIGHTED,
                null,
                "40000",
                item("qualified_leads", "500", null, null, "0.5", null),
                item("cpql", "1000", null, null, "0.4", Scoring.INVERSE_LINEAR),
                item("cr", "3", null, null, "0.1", null));

        // When
        ScoreResult result = Scorer.score(plan, facts("qualified_leads", "550", "cpql", "900", "cr", "2.7")::get);

        // Then
        assertThat(result.items())
                .extracting(ItemScore::fulfillment)
                .containsExactly(d("110.000000"), d("110.000000"), d("90.000000"));
        assertThat(result.totalFulfillment()).hasToString("108.000000");
        assertThat(result.bonus()).hasToString("43200.00");
        assertThat(result.payout()).as("no base salary, no payout").isNull();
    }

    @Test
    void shouldScoreRatioAsFactOverTarget() {
        // Given / When
        BigDecimal f = Scorer.fulfillment(Scoring.RATIO, d("2"), d("3"), List.of());

        // Then
        assertThat(f).hasToString("66.666667");
    }

    @Test
    void shouldScoreInverseRatioAsTargetOverFact() {
        // Given / When / Then
        assertThat(Scorer.fulfillment(Scoring.INVERSE_RATIO, d("800"), d("1000"), List.of()))
                .hasToString("125.000000");
        assertThat(Scorer.fulfillment(Scoring.INVERSE_RATIO, d("1250"), d("1000"), List.of()))
                .hasToString("80.000000");
        assertThat(Scorer.fulfillment(Scoring.INVERSE_RATIO, d("0"), d("1000"), List.of()))
                .isNull();
    }

    @Test
    void shouldScoreInverseLinearAsTwoMinusFactOverTarget() {
        // Given / When / Then
        assertThat(Scorer.fulfillment(Scoring.INVERSE_LINEAR, d("900"), d("1000"), List.of()))
                .hasToString("110.000000");
        assertThat(Scorer.fulfillment(Scoring.INVERSE_LINEAR, d("1200"), d("1000"), List.of()))
                .hasToString("80.000000");
        assertThat(Scorer.fulfillment(Scoring.INVERSE_LINEAR, d("2500"), d("1000"), List.of()))
                .hasToString("-50.000000");
    }

    @Test
    void shouldScoreStepsByTheHighestStepReached() {
        // Given the SPEC's steps
        List<Step> steps = List.of(
                new Step(d("0"), d("0")),
                new Step(d("100000"), d("0.5")),
                new Step(d("200000"), d("0.7")),
                new Step(d("300000"), d("1")));

        // When / Then
        assertThat(Scorer.fulfillment(Scoring.STEPS, d("99999.99"), d("300000"), steps))
                .hasToString("0.000000");
        assertThat(Scorer.fulfillment(Scoring.STEPS, d("100000"), d("300000"), steps))
                .hasToString("50.000000");
        assertThat(Scorer.fulfillment(Scoring.STEPS, d("250000"), d("300000"), steps))
                .hasToString("70.000000");
        assertThat(Scorer.fulfillment(Scoring.STEPS, d("1000000"), d("300000"), steps))
                .hasToString("100.000000");
        assertThat(Scorer.fulfillment(Scoring.STEPS, d("-5"), d("300000"), steps))
                .hasToString("0.000000");
    }

    @Test
    void shouldZeroItemBelowThresholdButReportRawFulfillment() {
        // Given revenue with a threshold of 80% of target
        Plan plan = plan(
                BonusModel.WEIGHTED,
                "1000",
                "1000",
                item("revenue", "100", "80", null, "0.5", null),
                item("orders", "10", null, null, "0.5", null));

        // When
        ScoreResult result = Scorer.score(plan, facts("revenue", "79.99", "orders", "10")::get);

        // Then
        ItemScore revenue = result.items().get(0);
        assertThat(revenue.fulfillment()).hasToString("79.990000");
        assertThat(revenue.coefficient()).hasToString("0.000000");
        assertThat(revenue.belowThreshold()).isTrue();
        assertThat(revenue.targetMet()).isFalse();
        assertThat(result.totalFulfillment()).hasToString("50.000000");
        assertThat(result.bonus()).hasToString("500.00");
        assertThat(result.payout()).hasToString("1500.00");
    }

    @Test
    void shouldPayAtExactlyTheThreshold() {
        // Given
        Plan plan = plan(BonusModel.WEIGHTED, null, "1000", item("revenue", "100", "80", null, "1", null));

        // When
        ScoreResult result = Scorer.score(plan, facts("revenue", "80")::get);

        // Then
        assertThat(result.items().get(0).belowThreshold()).isFalse();
        assertThat(result.totalFulfillment()).hasToString("80.000000");
    }

    @Test
    void shouldZeroALowerIsBetterItemAboveItsThreshold() {
        // Given the SPEC's cpl item: target 1000, threshold 1200, challenge 800, inverse_linear
        Plan plan = plan(
                BonusModel.WEIGHTED, null, "1000", item("cpl", "1000", "1200", "800", "1", Scoring.INVERSE_LINEAR));

        // When
        ScoreResult above = Scorer.score(plan, facts("cpl", "1200.01")::get);
        ScoreResult at = Scorer.score(plan, facts("cpl", "1200")::get);

        // Then
        assertThat(above.items().get(0).belowThreshold()).isTrue();
        assertThat(above.items().get(0).fulfillment()).hasToString("79.999000");
        assertThat(above.totalFulfillment()).hasToString("0.000000");
        assertThat(at.items().get(0).belowThreshold()).isFalse();
        assertThat(at.totalFulfillment()).hasToString("80.000000");
    }

    @Test
    void shouldCapFulfillmentForTheBonusAtTheChallengeButReportTheRawFigure() {
        // Given new customers: target 5, challenge 6 (120%)
        Plan plan = plan(BonusModel.WEIGHTED, null, "10000", item("new_customers", "5", null, "6", "1", null));

        // When
        ScoreResult result = Scorer.score(plan, facts("new_customers", "9")::get);

        // Then
        ItemScore item = result.items().get(0);
        assertThat(item.fulfillment()).hasToString("180.000000");
        assertThat(item.coefficient()).hasToString("1.200000");
        assertThat(item.challengeMet()).isTrue();
        assertThat(item.targetMet()).isTrue();
        assertThat(result.totalFulfillment()).hasToString("120.000000");
        assertThat(result.bonus()).hasToString("12000.00");
    }

    @Test
    void shouldCapALowerIsBetterItemAtItsChallengeFulfillment() {
        // Given cpl target 1000, challenge 800 with inverse_linear: the cap is (2 - 0.8) x 100 = 120%
        Plan plan = plan(
                BonusModel.WEIGHTED, null, "1000", item("cpl", "1000", "1200", "800", "1", Scoring.INVERSE_LINEAR));

        // When
        ScoreResult result = Scorer.score(plan, facts("cpl", "500")::get);

        // Then
        assertThat(result.items().get(0).fulfillment()).hasToString("150.000000");
        assertThat(result.items().get(0).challengeMet()).isTrue();
        assertThat(result.totalFulfillment()).hasToString("120.000000");
    }

    @Test
    void shouldNotCapWithoutAChallenge() {
        // Given
        Plan plan = plan(BonusModel.WEIGHTED, null, "1000", item("orders", "10", null, null, "1", null));

        // When
        ScoreResult result = Scorer.score(plan, facts("orders", "35")::get);

        // Then
        assertThat(result.totalFulfillment()).hasToString("350.000000");
        assertThat(result.items().get(0).challengeMet()).isFalse();
    }

    @Test
    void shouldNeverLetANegativeFulfillmentReduceTheBonus() {
        // Given inverse_linear far above target
        Plan plan = plan(
                BonusModel.WEIGHTED,
                null,
                "1000",
                item("cpl", "100", null, null, "0.5", Scoring.INVERSE_LINEAR),
                item("orders", "10", null, null, "0.5", null));

        // When
        ScoreResult result = Scorer.score(plan, facts("cpl", "300", "orders", "10")::get);

        // Then
        assertThat(result.items().get(0).fulfillment()).hasToString("-100.000000");
        assertThat(result.items().get(0).coefficient()).hasToString("0.000000");
        assertThat(result.totalFulfillment()).hasToString("50.000000");
    }

    @Test
    void shouldScoreAMissingFactAsZero() {
        // Given no leads yet, so no cost per lead
        Plan plan = plan(
                BonusModel.WEIGHTED,
                "100",
                "1000",
                item("cpl", "1000", "1200", null, "0.5", null),
                item("orders", "10", null, null, "0.5", null));

        // When
        ScoreResult result = Scorer.score(plan, facts("orders", "10")::get);

        // Then
        ItemScore cpl = result.items().get(0);
        assertThat(cpl.fact()).isNull();
        assertThat(cpl.fulfillment()).isNull();
        assertThat(cpl.coefficient()).isEqualByComparingTo("0");
        assertThat(cpl.belowThreshold()).isTrue();
        assertThat(cpl.targetMet()).isFalse();
        assertThat(result.totalFulfillment()).hasToString("50.000000");
        assertThat(result.bonus()).hasToString("500.00");
    }

    @Test
    void shouldGiveAZeroCostTheChallengeFulfillmentUnderInverseRatio() {
        // Given spend of zero against a lower-is-better target
        Plan capped = plan(BonusModel.WEIGHTED, null, "1000", item("spend", "1000", null, "800", "1", null));
        Plan uncapped = plan(BonusModel.WEIGHTED, null, "1000", item("spend", "1000", null, null, "1", null));

        // When
        ScoreResult withChallenge = Scorer.score(capped, facts("spend", "0")::get);
        ScoreResult without = Scorer.score(uncapped, facts("spend", "0")::get);

        // Then
        assertThat(withChallenge.items().get(0).fulfillment()).isNull();
        assertThat(withChallenge.totalFulfillment()).hasToString("125.000000");
        assertThat(without.totalFulfillment()).hasToString("0.000000");
    }

    @Test
    void shouldPayBaseSalaryTimesTheSumOfCoefficientsInTheCumulativeModel() {
        // Given
        Plan plan = plan(
                BonusModel.CUMULATIVE,
                "60000",
                null,
                item("orders", "10", null, null, null, null),
                item("cpl", "1000", null, null, null, null));

        // When: orders 80% (0.8), cpl 1250 -> inverse_ratio 80% (0.8)
        ScoreResult result = Scorer.score(plan, facts("orders", "8", "cpl", "1250")::get);

        // Then
        assertThat(result.items()).extracting(ItemScore::coefficient).containsExactly(d("0.800000"), d("0.800000"));
        assertThat(result.totalFulfillment()).hasToString("160.000000");
        assertThat(result.bonus()).hasToString("96000.00");
        assertThat(result.payout()).hasToString("156000.00");
    }

    @Test
    void shouldPayBaseSalaryTimesTheProductOfCoefficientsInTheMultiplicativeModel() {
        // Given
        Plan plan = plan(
                BonusModel.MULTIPLICATIVE,
                "50000",
                null,
                item("orders", "10", null, null, null, null),
                item("revenue", "1000", null, null, null, null));

        // When: 0.9 x 1.1 = 0.99
        ScoreResult result = Scorer.score(plan, facts("orders", "9", "revenue", "1100")::get);

        // Then
        assertThat(result.totalFulfillment()).hasToString("99.000000");
        assertThat(result.bonus()).hasToString("49500.00");
        assertThat(result.payout()).hasToString("99500.00");
    }

    @Test
    void shouldZeroTheMultiplicativeBonusWhenAnyItemIsBelowThreshold() {
        // Given
        Plan plan = plan(
                BonusModel.MULTIPLICATIVE,
                "50000",
                null,
                item("orders", "10", "5", null, null, null),
                item("revenue", "1000", null, null, null, null));

        // When
        ScoreResult result = Scorer.score(plan, facts("orders", "4", "revenue", "2000")::get);

        // Then
        assertThat(result.totalFulfillment()).hasToString("0.000000");
        assertThat(result.bonus()).hasToString("0.00");
        assertThat(result.payout()).hasToString("50000.00");
    }

    @Test
    void shouldUseStepCoefficientsInEveryModel() {
        // Given
        List<Step> steps = List.of(
                new Step(d("0"), d("0")),
                new Step(d("100000"), d("0.5")),
                new Step(d("200000"), d("0.7")),
                new Step(d("300000"), d("1")));
        PlanItem stepped = new PlanItem("revenue", d("300000"), null, null, d("1"), Scoring.STEPS, null, steps);
        Plan weighted = plan(BonusModel.WEIGHTED, null, "10000", stepped);
        Plan cumulative = plan(BonusModel.CUMULATIVE, "20000", null, stepped);

        // When
        ScoreResult w = Scorer.score(weighted, facts("revenue", "250000")::get);
        ScoreResult c = Scorer.score(cumulative, facts("revenue", "250000")::get);

        // Then
        assertThat(w.items().get(0).fulfillment()).hasToString("70.000000");
        assertThat(w.bonus()).hasToString("7000.00");
        assertThat(c.items().get(0).coefficient()).hasToString("0.700000");
        assertThat(c.bonus()).hasToString("14000.00");
    }

    @Test
    void shouldLetAnItemDirectionOverrideTheKpis() {
        // Given tickets_opened is higher-is-better by the catalog, but a support lead wants fewer
        PlanItem fewerTickets =
                new PlanItem("tickets_opened", d("100"), null, null, d("1"), null, Direction.LOWER, List.of());
        Plan plan = plan(BonusModel.WEIGHTED, null, "1000", fewerTickets);

        // When
        ScoreResult result = Scorer.score(plan, facts("tickets_opened", "80")::get);

        // Then
        assertThat(plan.items().get(0).scoring()).isEqualTo(Scoring.INVERSE_RATIO);
        assertThat(result.totalFulfillment()).hasToString("125.000000");
        assertThat(result.items().get(0).targetMet()).isTrue();
    }

    @Test
    void shouldRoundMoneyHalfEvenToCents() {
        // Given a bonus of 1000 x 1/3
        Plan plan = plan(BonusModel.WEIGHTED, "0.005", "1000", item("orders", "3", null, null, "1", null));

        // When
        ScoreResult result = Scorer.score(plan, facts("orders", "1")::get);

        // Then
        assertThat(result.totalFulfillment()).hasToString("33.333333");
        assertThat(result.bonus()).hasToString("333.33");
        assertThat(result.payout()).hasToString("333.34");
    }

    @Test
    void shouldRefuseAnUnresolvedItem() {
        // Given
        Plan plan = new Plan(
                Scope.EMPLOYEE,
                "e-1",
                PeriodKind.MONTH,
                null,
                null,
                null,
                List.of(PlanItem.of("orders", d("1"), d("1"))));

        // When / Then
        assertThatThrownBy(() -> Scorer.score(plan, k -> BigDecimal.ONE))
                .hasMessage(
                        "plan employee|e-1|month, kpi #1 (orders): direction and scoring are not resolved; use Plan.resolve(catalog) or Scorer.score(plan, catalog, facts)");
        assertThat(Scorer.score(plan, CATALOG, k -> BigDecimal.ONE).totalFulfillment())
                .hasToString("100.000000");
    }
}
