package io.pulse.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.core.Scope;
import io.pulse.core.kpi.Direction;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanLoaderTest {
    /** The plan of SPEC §4, verbatim. */
    private static final String SPEC_PLAN = """
            - scope: employee
              id: e-017
              period: month
              baseSalary: 60000        # optional, for payout
              plannedBonus: 50000      # bonus paid at 100% total fulfillment
              bonusModel: weighted     # weighted | multiplicative | cumulative
              kpis:
                - { kpi: gross_profit, target: 1000000, weight: 0.5 }
                - { kpi: new_customers, target: 5, weight: 0.3 }
                - { kpi: aov, target: 200000, weight: 0.2 }
                - { kpi: cpl, target: 1000, threshold: 1200, challenge: 800, weight: 0.0, scoring: inverse_linear }
            """;

    private final PlanLoader loader = new PlanLoader(KpiCatalog.builtIn());

    @Test
    void shouldLoadTheSpecPlanWithResolvedDefaults() {
        // Given / When
        List<Plan> plans = loader.load(SPEC_PLAN);

        // Then
        assertThat(plans).hasSize(1);
        Plan plan = plans.get(0);
        assertThat(plan.key()).isEqualTo("employee|e-017|month");
        assertThat(plan.scope()).isEqualTo(Scope.EMPLOYEE);
        assertThat(plan.period()).isEqualTo(PeriodKind.MONTH);
        assertThat(plan.baseSalary()).isEqualByComparingTo("60000");
        assertThat(plan.plannedBonus()).isEqualByComparingTo("50000");
        assertThat(plan.bonusModel()).isEqualTo(BonusModel.WEIGHTED);
        assertThat(plan.items())
                .extracting(PlanItem::kpi)
                .containsExactly("gross_profit", "new_customers", "aov", "cpl");
        assertThat(plan.items())
                .extracting(PlanItem::scoring)
                .containsExactly(Scoring.RATIO, Scoring.RATIO, Scoring.RATIO, Scoring.INVERSE_LINEAR);
        assertThat(plan.items().get(3).direction()).isEqualTo(Direction.LOWER);
        assertThat(plan.items().get(3).threshold()).isEqualByComparingTo("1200");
        assertThat(plan.items().get(3).challenge()).isEqualByComparingTo("800");
    }

    @Test
    void shouldScoreTheLoadedSpecPlanLikeTheWorkedExample() {
        // Given
        Plan plan = loader.load(SPEC_PLAN).get(0);
        Map<String, BigDecimal> facts = Map.of(
                "gross_profit",
                new BigDecimal("900000"),
                "new_customers",
                new BigDecimal("6"),
                "aov",
                new BigDecimal("180000"),
                "cpl",
                new BigDecimal("950"));

        // When
        ScoreResult result = Scorer.score(plan, facts::get);

        // Then
        assertThat(result.totalFulfillment()).hasToString("99.000000");
        assertThat(result.bonus()).hasToString("49500.00");
        assertThat(result.payout()).hasToString("109500.00");
    }

    @Test
    void shouldLoadASinglePlanInJsonWithStepsAndExactDecimals() {
        // Given weights that do not add up to 1 in binary floating point
        String json = """
                {"scope": "team", "id": "north", "period": "quarter", "plannedBonus": "1000.50",
                 "kpis": [
                   {"kpi": "revenue", "target": 300000, "weight": 0.1, "scoring": "steps",
                    "steps": [{"from": 0, "coef": 0}, {"from": 100000, "coef": 0.5}, {"from": 300000, "coef": 1}]},
                   {"kpi": "orders", "target": 10, "weight": 0.2},
                   {"kpi": "cpl", "target": 10, "weight": 0.7, "direction": "lower"}
                 ]}
                """;

        // When
        List<Plan> plans = loader.load(json);

        // Then
        Plan plan = plans.get(0);
        assertThat(plan.key()).isEqualTo("team|north|quarter");
        assertThat(plan.plannedBonus()).hasToString("1000.50");
        assertThat(plan.items().get(0).steps())
                .containsExactly(
                        new Step(BigDecimal.ZERO, BigDecimal.ZERO),
                        new Step(new BigDecimal("100000"), new BigDecimal("0.5")),
                        new Step(new BigDecimal("300000"), BigDecimal.ONE));
        assertThat(plan.items().get(0).weight()).hasToString("0.1");
    }

    @Test
    void shouldLoadExactYamlDecimalsThatFloatingPointWouldNotSumToOne() {
        // Given
        String yaml = """
                scope: campaign
                id: c-9
                period: week
                kpis:
                  - { kpi: clicks, target: 100, weight: 0.1 }
                  - { kpi: leads, target: 10, weight: 0.2 }
                  - { kpi: cpl, target: 10, weight: 0.7 }
                """;

        // When / Then
        assertThat(loader.load(yaml)).singleElement().extracting(Plan::key).isEqualTo("campaign|c-9|week");
    }

    @Test
    void shouldLoadPlansFromAFile(@TempDir Path dir) throws IOException {
        // Given
        Path file = dir.resolve("plans.yaml");
        Files.writeString(file, SPEC_PLAN);

        // When / Then
        assertThat(loader.load(file)).hasSize(1);
        assertThat(loader.load("")).isEmpty();
    }

    @Test
    void shouldLoadCustomKpisOfTheCatalog() {
        // Given
        PlanLoader custom =
                new PlanLoader(KpiCatalog.builtIn().withCustom(Map.of("points", "3*orders + qualified_leads")));

        // When
        List<Plan> plans =
                custom.load("{scope: employee, id: e-1, period: day, kpis: [{kpi: points, target: 30, weight: 1}]}");

        // Then
        assertThat(plans.get(0).items().get(0).scoring()).isEqualTo(Scoring.RATIO);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '~',
            quoteCharacter = '"',
            value = {
                "unknown plan field"
                        + "~ {scope: employee, id: e-1, period: month, bonusModle: weighted, kpis: [{kpi: orders, target: 1, weight: 1}]}"
                        + "~ plan employee|e-1|month: unknown field 'bonusModle' (known: scope, id, period, baseSalary, plannedBonus, bonusModel, kpis, validFrom)",
                "unknown item field"
                        + "~ {scope: employee, id: e-1, period: month, kpis: [{kpi: orders, target: 1, wieght: 1}]}"
                        + "~ plan employee|e-1|month, kpi #1 (orders): unknown field 'wieght' (known: kpi, target, threshold, challenge, weight, scoring, direction, steps)",
                "unknown step field"
                        + "~ {scope: employee, id: e-1, period: month, kpis: [{kpi: orders, target: 1, weight: 1, scoring: steps, steps: [{from: 0, coeff: 1}]}]}"
                        + "~ plan employee|e-1|month, kpi #1 (orders), step #1: unknown field 'coeff' (known: from, coef)",
                "unknown field before the key is known"
                        + "~ [{scope: employee, period: month, kpis: [], owner: me}]"
                        + "~ plan #1: unknown field 'owner' (known: scope, id, period, baseSalary, plannedBonus, bonusModel, kpis, validFrom)",
                "validFrom without an offset"
                        + "~ {scope: employee, id: e-1, period: month, validFrom: '2026-11-01', kpis: [{kpi: orders, target: 1, weight: 1}]}"
                        + "~ plan employee|e-1|month: 'validFrom' must be an ISO date-time with an offset such as 2026-11-01T00:00+03:00, got '2026-11-01'",
                "missing id" + "~ [{scope: employee, period: month, kpis: []}]" + "~ plan #1: 'id' is required",
                "bad scope"
                        + "~ [{scope: person, id: e-1, period: month, kpis: []}]"
                        + "~ plan #1: 'scope': unknown scope 'person': expected one of campaign, channel, employee, team, company",
                "bad number"
                        + "~ {scope: employee, id: e-1, period: month, kpis: [{kpi: orders, target: five, weight: 1}]}"
                        + "~ plan employee|e-1|month, kpi #1 (orders): 'target' must be a number, got 'five'",
                "bad scoring"
                        + "~ {scope: employee, id: e-1, period: month, kpis: [{kpi: orders, target: 5, weight: 1, scoring: linear}]}"
                        + "~ plan employee|e-1|month, kpi #1 (orders): 'scoring': unknown scoring 'linear': expected one of ratio, inverse_ratio, inverse_linear, steps",
                "kpis not a list"
                        + "~ {scope: employee, id: e-1, period: month, kpis: orders}"
                        + "~ plan employee|e-1|month: 'kpis' must be a list, got 'orders'",
                "unknown KPI"
                        + "~ {scope: employee, id: e-1, period: month, kpis: [{kpi: ordrs, target: 5, weight: 1}]}"
                        + "~ plan employee|e-1|month, kpi #1 (ordrs): unknown KPI 'ordrs'",
                "weights"
                        + "~ {scope: employee, id: e-1, period: month, kpis: [{kpi: orders, target: 5, weight: 0.5}, {kpi: leads, target: 5, weight: 0.4}]}"
                        + "~ plan employee|e-1|month: weights sum to 0.9, expected exactly 1 for the weighted model",
                "duplicate plan"
                        + "~ [{scope: team, id: north, period: day, kpis: [{kpi: orders, target: 5, weight: 1}]}, {scope: team, id: north, period: day, kpis: [{kpi: leads, target: 5, weight: 1}]}]"
                        + "~ plan team|north|day: defined twice (plans #1 and #2)",
                "duplicate key"
                        + "~ {scope: team, id: north, id: south, period: day, kpis: []}"
                        + "~ plans: not valid YAML or JSON at line 1, column 28: Duplicate field 'id'",
                "not a plan"
                        + "~ [42]"
                        + "~ plan #1: expected an object with scope, id, period, baseSalary, plannedBonus, bonusModel, kpis, validFrom, got 42",
            })
    void shouldRejectABadPlanFileWithOneLineNamingPlanAndField(String why, String text, String message) {
        // Given / When / Then
        assertThatThrownBy(() -> loader.load(text))
                .as(why)
                .isInstanceOf(PlanException.class)
                .hasMessage(message);
    }

    @Test
    void shouldRejectBrokenYamlWithItsPosition() {
        // Given
        String broken = "- scope: employee\n  id: [e-1\n";

        // When / Then
        assertThatThrownBy(() -> loader.load(broken))
                .isInstanceOf(PlanException.class)
                .hasMessageStartingWith("plans: not valid YAML or JSON at line ")
                .hasMessageNotContaining("\n");
    }
}
