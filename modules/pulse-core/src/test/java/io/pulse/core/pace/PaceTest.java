package io.pulse.core.pace;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaceTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final BigDecimal TOLERANCE = new BigDecimal("0.2");

    /** Monday 2026-11-02 in Moscow. */
    private static final Instant MONDAY = Instant.parse("2026-11-01T21:00:00Z");

    private static final Period MONDAY_DAY = Period.containing(PeriodKind.DAY, MONDAY, MOSCOW);

    private static Instant mondayAt(int hour, int minute) {
        return MONDAY.plus(Duration.ofHours(hour).plusMinutes(minute));
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void shouldFlagAnEmployeeBehindTheDailyPlanAtThreeInTheAfternoon() {
        // Given a daily plan of 10 orders, 3 done by 15:00 (6 of 9 working hours)
        // When
        PaceStatus status = Pace.evaluate(d("10"), d("3"), MONDAY_DAY, mondayAt(15, 0), WorkingTime.DEFAULT, TOLERANCE);

        // Then
        assertThat(status.evaluable()).isTrue();
        assertThat(status.elapsedShare()).hasToString("0.666667");
        assertThat(status.expected()).hasToString("6.666667");
        assertThat(status.projection()).hasToString("4.500000");
        assertThat(status.behind()).isTrue();
    }

    @Test
    void shouldNotFlagAFactWithinTheTolerance() {
        // Given 5.4 of an expected 6.67 is above 80% of it (5.33)
        // When
        PaceStatus status =
                Pace.evaluate(d("10"), d("5.4"), MONDAY_DAY, mondayAt(15, 0), WorkingTime.DEFAULT, TOLERANCE);

        // Then
        assertThat(status.behind()).isFalse();
        assertThat(status.projection()).hasToString("8.100000");
    }

    @Test
    void shouldFlagAnEmployeeWithNoEventsAtAll() {
        // Given no fact yet at noon
        // When
        PaceStatus status = Pace.evaluate(d("10"), null, MONDAY_DAY, mondayAt(12, 0), WorkingTime.DEFAULT, TOLERANCE);

        // Then
        assertThat(status.behind()).isTrue();
        assertThat(status.projection()).hasToString("0.000000");
    }

    @Test
    void shouldNotJudgeOutsideWorkingTimeOrTooEarly() {
        // Given / When
        PaceStatus beforeWork =
                Pace.evaluate(d("10"), d("0"), MONDAY_DAY, mondayAt(8, 0), WorkingTime.DEFAULT, TOLERANCE);
        PaceStatus tooEarly =
                Pace.evaluate(d("10"), d("0"), MONDAY_DAY, mondayAt(9, 50), WorkingTime.DEFAULT, TOLERANCE);
        PaceStatus justEnough =
                Pace.evaluate(d("10"), d("0"), MONDAY_DAY, mondayAt(9, 54), WorkingTime.DEFAULT, TOLERANCE);
        PaceStatus afterWork =
                Pace.evaluate(d("10"), d("0"), MONDAY_DAY, mondayAt(19, 0), WorkingTime.DEFAULT, TOLERANCE);

        // Then
        assertThat(beforeWork.evaluable()).isFalse();
        assertThat(beforeWork.behind()).isFalse();
        assertThat(beforeWork.elapsedShare()).hasToString("0.000000");
        assertThat(beforeWork.projection()).isNull();
        assertThat(tooEarly.evaluable()).isFalse();
        assertThat(justEnough.evaluable()).isTrue();
        assertThat(justEnough.behind()).isTrue();
        assertThat(afterWork.evaluable()).isFalse();
        assertThat(afterWork.elapsedShare()).hasToString("1.000000");
    }

    @Test
    void shouldNotJudgeAPeriodWithoutWorkingTime() {
        // Given Saturday 2026-11-07
        Period saturday =
                Period.containing(PeriodKind.DAY, MONDAY.plus(Duration.ofDays(5).plusHours(12)), MOSCOW);

        // When
        PaceStatus status = Pace.evaluate(
                d("10"), d("0"), saturday, saturday.start().plus(Duration.ofHours(12)), WorkingTime.DEFAULT, TOLERANCE);

        // Then
        assertThat(status).isEqualTo(new PaceStatus(null, null, null, false, false));
    }

    @Test
    void shouldMeasureAMonthOnItsWorkingDays() {
        // Given November 2026 in Moscow has 21 weekdays (189 working hours); Monday the 2nd at 18:00 is 9 of them
        Period november = Period.containing(PeriodKind.MONTH, MONDAY, MOSCOW);

        // When
        PaceStatus status = Pace.evaluate(
                d("189000"),
                d("9000"),
                november,
                mondayAt(17, 0),
                WorkingTime.DEFAULT,
                TOLERANCE,
                Pace.DEFAULT_MIN_ELAPSED_SHARE);

        // Then 8 hours of 189 elapsed: too early to judge, but the figures are there
        assertThat(status.expected()).hasToString("8000.000000");
        assertThat(status.evaluable()).isFalse();
    }

    @Test
    void shouldApplyOnlyToHigherIsBetterCountsAndMoney() {
        // Given
        KpiCatalog catalog =
                KpiCatalog.builtIn().withCustom(Map.of("points", "3*orders + leads", "per_order", "revenue / orders"));

        // When / Then
        assertThat(Pace.appliesTo(catalog.get("orders"))).isTrue();
        assertThat(Pace.appliesTo(catalog.get("gross_profit"))).isTrue();
        assertThat(Pace.appliesTo(catalog.get("spend"))).isFalse();
        assertThat(Pace.appliesTo(catalog.get("ctr"))).isFalse();
        assertThat(Pace.appliesTo(catalog.get("aov"))).as("a ratio in money").isFalse();
        assertThat(Pace.appliesTo(catalog.get("revenue_growth"))).isFalse();
        assertThat(Pace.appliesTo(catalog.get("points")))
                .as("linear custom points accumulate")
                .isTrue();
        assertThat(Pace.appliesTo(catalog.get("per_order"))).isFalse();
    }
}
