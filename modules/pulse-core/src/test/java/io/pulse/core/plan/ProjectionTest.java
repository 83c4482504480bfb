package io.pulse.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.core.Scope;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.pace.WorkingTime;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionTest {
    private static final KpiCatalog CATALOG = KpiCatalog.builtIn();
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    /** Every hour of every day: the elapsed share is the share of calendar time. */
    private static final WorkingTime ALWAYS =
            new WorkingTime(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static Plan salesManager() {
        return new Plan(
                        Scope.EMPLOYEE,
                        "e-017",
                        PeriodKind.MONTH,
                        d("60000"),
                        d("50000"),
                        BonusModel.WEIGHTED,
                        List.of(
                                PlanItem.of("gross_profit", d("1000000"), d("0.5")),
                                PlanItem.of("new_customers", d("5"), d("0.3")),
                                PlanItem.of("aov", d("200000"), d("0.2"))))
                .resolve(CATALOG);
    }

    private static Map<String, BigDecimal> facts(String... kpiAndFact) {
        Map<String, BigDecimal> m = new HashMap<>();
        for (int i = 0; i < kpiAndFact.length; i += 2) {
            m.put(kpiAndFact[i], kpiAndFact[i + 1] == null ? null : d(kpiAndFact[i + 1]));
        }
        return m;
    }

    private static Projection.Result project(
            Plan plan, Map<String, BigDecimal> facts, Period period, Instant at, WorkingTime wt) {
        return Projection.project(plan, CATALOG, Scorer.score(plan, facts::get), period, at, wt);
    }

    @Test
    void shouldProjectHalfOfTheSalesManagerExampleToTheWholeOfIt() {
        // Given: April (30 days), half of it gone, half of SPEC §4's sales manager's counts and the full average check
        Period april = Period.parse(PeriodKind.MONTH, "2026-04-01T00:00+03:00", MOSCOW);
        Instant halfway = ZonedDateTime.of(2026, 4, 16, 0, 0, 0, 0, MOSCOW).toInstant();

        // When
        Projection.Result r = project(
                salesManager(),
                facts("gross_profit", "450000", "new_customers", "3", "aov", "180000"),
                april,
                halfway,
                ALWAYS);

        // Then: counts and money double, the ratio stays, and the projection scores SPEC §4's 99% and 49,500
        assertThat(r.items())
                .extracting(Projection.Item::projected)
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactly(d("900000"), d("6"), null);
        assertThat(r.items())
                .extracting(Projection.Item::expected)
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactly(d("500000"), d("2.5"), null);
        assertThat(r.projectedTotalFulfillment()).hasToString("99.000000");
        assertThat(r.projectedBonus()).hasToString("49500.00");
    }

    @Test
    void shouldMeasurePaceOnWorkingTimeOnly() {
        // Given: November 2026 has 21 working days (Mon-Fri); by Wednesday 4th at 18:00 three of them are done
        Plan plan = new Plan(
                        Scope.EMPLOYEE,
                        "e-017",
                        PeriodKind.MONTH,
                        null,
                        d("7000"),
                        BonusModel.WEIGHTED,
                        List.of(PlanItem.of("orders", d("70"), d("1"))))
                .resolve(CATALOG);
        Period november = Period.parse(PeriodKind.MONTH, "2026-11-01T00:00+03:00", MOSCOW);
        Instant wednesdayEvening =
                ZonedDateTime.of(2026, 11, 4, 18, 0, 0, 0, MOSCOW).toInstant();

        // When: 5 orders, half the pace
        Projection.Result r = project(plan, facts("orders", "5"), november, wednesdayEvening, WorkingTime.DEFAULT);

        // Then: 10 expected by now (3/21 of 70), 35 at this rate (5 x 7), 50% and half the bonus
        assertThat(r.items().get(0).expected()).isEqualByComparingTo("10");
        assertThat(r.items().get(0).projected()).isEqualByComparingTo("35");
        assertThat(r.projectedTotalFulfillment()).isEqualByComparingTo("50");
        assertThat(r.projectedBonus()).hasToString("3500.00");
    }

    @Test
    void shouldProjectNothingBeforeAnyWorkingTimeHasPassed() {
        // Given: Monday 2 November 08:00, the month's working time starts at 09:00
        Period november = Period.parse(PeriodKind.MONTH, "2026-11-01T00:00+03:00", MOSCOW);
        Instant early = ZonedDateTime.of(2026, 11, 2, 8, 0, 0, 0, MOSCOW).toInstant();

        // When
        Projection.Result r = project(
                salesManager(),
                facts("gross_profit", "1000", "new_customers", null, "aov", null),
                november,
                early,
                WorkingTime.DEFAULT);

        // Then: zero expected, no rate to extrapolate
        assertThat(r.items().get(0).expected()).isEqualByComparingTo("0");
        assertThat(r.items()).extracting(Projection.Item::projected).containsOnlyNulls();
        assertThat(r.projectedTotalFulfillment()).isNull();
        assertThat(r.projectedBonus()).isNull();
    }

    @Test
    void shouldProjectTheFactItselfOnceThePeriodIsOver() {
        // Given: the whole of April has passed
        Period april = Period.parse(PeriodKind.MONTH, "2026-04-01T00:00+03:00", MOSCOW);

        // When
        Projection.Result r = project(
                salesManager(),
                facts("gross_profit", "900000", "new_customers", "6", "aov", "180000"),
                april,
                april.end(),
                ALWAYS);

        // Then: SPEC §4's result, unchanged
        assertThat(r.items().get(0).projected()).isEqualByComparingTo("900000");
        assertThat(r.items().get(0).expected()).isEqualByComparingTo("1000000");
        assertThat(r.projectedTotalFulfillment()).hasToString("99.000000");
        assertThat(r.projectedBonus()).hasToString("49500.00");
    }

    @Test
    void shouldProjectACostButExpectNothingOfIt() {
        // Given: spend is additive (it accumulates) but lower is better, so pace has no "expected by now"
        Plan plan = new Plan(
                        Scope.CAMPAIGN,
                        "c-1",
                        PeriodKind.MONTH,
                        null,
                        null,
                        BonusModel.WEIGHTED,
                        List.of(PlanItem.of("spend", d("100000"), d("1"))))
                .resolve(CATALOG);
        Period april = Period.parse(PeriodKind.MONTH, "2026-04-01T00:00+03:00", MOSCOW);
        Instant halfway = ZonedDateTime.of(2026, 4, 16, 0, 0, 0, 0, MOSCOW).toInstant();

        // When: 40,000 spent by half of the month
        Projection.Result r = project(plan, facts("spend", "40000"), april, halfway, ALWAYS);

        // Then: 80,000 by the end (inverse_ratio 125%), no bonus without money in the plan
        assertThat(r.items().get(0).expected()).isNull();
        assertThat(r.items().get(0).projected()).isEqualByComparingTo("80000");
        assertThat(r.projectedTotalFulfillment()).isEqualByComparingTo("125");
        assertThat(r.projectedBonus()).isNull();
    }
}
