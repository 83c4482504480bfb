package io.pulse.core.plan;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.core.Scope;
import io.pulse.core.kpi.Direction;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanValidatorTest {
    private static final KpiCatalog CATALOG = KpiCatalog.builtIn();

    private static BigDecimal d(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static PlanItem item(String kpi, String target, String threshold, String challenge, String weight) {
        return new PlanItem(kpi, d(target), d(threshold), d(challenge), d(weight), null, null, List.of());
    }

    private static Plan plan(BonusModel model, PlanItem... items) {
        return new Plan(Scope.EMPLOYEE, "e-017", PeriodKind.MONTH, d("60000"), d("50000"), model, List.of(items));
    }

    private static void assertRejected(Plan plan, String message) {
        assertThatThrownBy(() -> PlanValidator.validate(plan, CATALOG))
                .isInstanceOf(PlanException.class)
                .hasMessage(message);
    }

    @Test
    void shouldAcceptAWellFormedPlan() {
        // Given
        Plan plan = plan(
                BonusModel.WEIGHTED,
                item("gross_profit", "1000000", "500000", "1200000", "0.5"),
                item("cpl", "1000", "1200", "800", "0.5"));

        // When / Then
        assertThatCode(() -> PlanValidator.validate(plan, CATALOG)).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectWeightsThatDoNotSumToOne() {
        // Given / When / Then
        assertRejected(
                plan(
                        BonusModel.WEIGHTED,
                        item("orders", "5", null, null, "0.5"),
                        item("leads", "5", null, null, "0.6")),
                "plan employee|e-017|month: weights sum to 1.1, expected exactly 1 for the weighted model");
    }

    @Test
    void shouldIgnoreWeightsOutsideTheWeightedModel() {
        // Given
        Plan plan =
                plan(BonusModel.CUMULATIVE, item("orders", "5", null, null, null), item("leads", "5", null, null, "7"));

        // When / Then
        assertThatCode(() -> PlanValidator.validate(plan, CATALOG)).doesNotThrowAnyException();
    }

    @Test
    void shouldRequireAWeightInTheWeightedModel() {
        // Given / When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, item("orders", "5", null, null, "1"), item("leads", "5", null, null, null)),
                "plan employee|e-017|month, kpi #2 (leads): weight is required by the weighted model");
        assertRejected(
                plan(
                        BonusModel.WEIGHTED,
                        item("orders", "5", null, null, "1.5"),
                        item("leads", "5", null, null, "-0.5")),
                "plan employee|e-017|month, kpi #1 (orders): weight must be between 0 and 1, got 1.5");
    }

    @Test
    void shouldRequireATarget() {
        // Given / When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, item("orders", null, null, null, "1")),
                "plan employee|e-017|month, kpi #1 (orders): target is required");
    }

    @Test
    void shouldRequireAPositiveTargetWhereScoringDividesByIt() {
        // Given / When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, item("orders", "0", null, null, "1")),
                "plan employee|e-017|month, kpi #1 (orders): target must be greater than 0 for ratio scoring, got 0");
        assertRejected(
                plan(BonusModel.WEIGHTED, item("cpl", "-1", null, null, "1")),
                "plan employee|e-017|month, kpi #1 (cpl): target must be greater than 0 for inverse_ratio scoring, got -1");
    }

    @Test
    void shouldRejectAnUnknownKpi() {
        // Given / When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, item("grossprofit", "5", null, null, "1")),
                "plan employee|e-017|month, kpi #1 (grossprofit): unknown KPI 'grossprofit'");
    }

    @Test
    void shouldRejectLevelsOutOfOrderWhenHigherIsBetter() {
        // Given / When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, item("revenue", "100", "120", null, "1")),
                "plan employee|e-017|month, kpi #1 (revenue): threshold 120 must be <= target 100 because higher is better");
        assertRejected(
                plan(BonusModel.WEIGHTED, item("revenue", "100", null, "90", "1")),
                "plan employee|e-017|month, kpi #1 (revenue): target 100 must be <= challenge 90 because higher is better");
    }

    @Test
    void shouldRejectLevelsOutOfOrderWhenLowerIsBetter() {
        // Given / When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, item("cpl", "1000", "800", null, "1")),
                "plan employee|e-017|month, kpi #1 (cpl): threshold 800 must be >= target 1000 because lower is better");
        assertRejected(
                plan(BonusModel.WEIGHTED, item("cpl", "1000", "1200", "1100", "1")),
                "plan employee|e-017|month, kpi #1 (cpl): target 1000 must be >= challenge 1100 because lower is better");
    }

    @Test
    void shouldCheckLevelOrderByTheItemsDirectionOverride() {
        // Given tickets_opened made lower-is-better by the item
        PlanItem fewer =
                new PlanItem("tickets_opened", d("100"), d("80"), null, d("1"), null, Direction.LOWER, List.of());

        // When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, fewer),
                "plan employee|e-017|month, kpi #1 (tickets_opened): threshold 80 must be >= target 100 because lower is better");
    }

    @Test
    void shouldRejectScoringThatContradictsTheDirection() {
        // Given
        PlanItem ratioCpl = new PlanItem("cpl", d("1000"), null, null, d("1"), Scoring.RATIO, null, List.of());

        // When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, ratioCpl),
                "plan employee|e-017|month, kpi #1 (cpl): scoring ratio is for higher-is-better KPIs but this item is lower-is-better (set direction to override)");
    }

    @Test
    void shouldRequireAscendingStepsForStepsScoring() {
        // Given
        PlanItem none = new PlanItem("revenue", d("1"), null, null, d("1"), Scoring.STEPS, null, List.of());
        PlanItem unordered = new PlanItem(
                "revenue",
                d("1"),
                null,
                null,
                d("1"),
                Scoring.STEPS,
                null,
                List.of(new Step(d("0"), d("0")), new Step(d("200"), d("0.7")), new Step(d("100"), d("0.5"))));
        PlanItem stray = new PlanItem(
                "revenue", d("1"), null, null, d("1"), Scoring.RATIO, null, List.of(new Step(d("0"), d("0"))));

        // When / Then
        assertRejected(
                plan(BonusModel.WEIGHTED, none),
                "plan employee|e-017|month, kpi #1 (revenue): steps scoring needs at least one step");
        assertRejected(
                plan(BonusModel.WEIGHTED, unordered),
                "plan employee|e-017|month, kpi #1 (revenue): steps must be in ascending order of from, but step #3 (from 100) does not follow step #2 (from 200)");
        assertRejected(
                plan(BonusModel.WEIGHTED, stray),
                "plan employee|e-017|month, kpi #1 (revenue): steps are only used by steps scoring, but scoring is ratio");
    }

    @Test
    void shouldRejectScopesAndPeriodsThatCannotHavePlans() {
        // Given
        List<PlanItem> items = List.of(item("orders", "5", null, null, "1"));

        // When / Then
        assertRejected(
                new Plan(Scope.CHANNEL, "email", PeriodKind.MONTH, null, null, null, items),
                "plan channel|email|month: scope channel cannot have a plan (expected employee, team, campaign or company)");
        assertRejected(
                new Plan(Scope.EMPLOYEE, "e-1", PeriodKind.HOUR, null, null, null, items),
                "plan employee|e-1|hour: period hour is too short for a plan (expected day, week, month, quarter or year)");
        assertRejected(
                new Plan(Scope.COMPANY, "acme", PeriodKind.YEAR, null, null, null, items),
                "plan company|acme|year: a company plan has id 'all'");
        assertRejected(
                new Plan(Scope.TEAM, "a|b", PeriodKind.YEAR, null, null, null, items),
                "plan team|a|b|year: id must be non-blank and must not contain '|'");
    }

    @Test
    void shouldRejectEmptyPlansDuplicatesAndNegativeMoney() {
        // Given / When / Then
        assertRejected(plan(BonusModel.WEIGHTED), "plan employee|e-017|month: a plan needs at least one KPI");
        assertRejected(
                plan(
                        BonusModel.WEIGHTED,
                        item("orders", "5", null, null, "0.5"),
                        item("orders", "6", null, null, "0.5")),
                "plan employee|e-017|month, kpi #2 (orders): the KPI is listed more than once");
        assertRejected(
                new Plan(
                        Scope.EMPLOYEE,
                        "e-1",
                        PeriodKind.MONTH,
                        d("-1"),
                        null,
                        null,
                        List.of(item("orders", "5", null, null, "1"))),
                "plan employee|e-1|month: baseSalary must not be negative, got -1");
    }
}
