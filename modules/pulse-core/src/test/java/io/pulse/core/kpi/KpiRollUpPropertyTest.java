package io.pulse.core.kpi;

import static io.pulse.core.measure.Measure.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every KPI is a formula over additive measures, so the KPI of a month must equal the KPI of the sum of its days'
 * vectors. {@code customers} (distinct customers per window) is not additive across windows, so it is left out of
 * the generated events, and with it {@code ltv}; {@code revenue_growth} is checked against a previous month too.
 */
class KpiRollUpPropertyTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final KpiCatalog CATALOG = KpiCatalog.builtIn()
            .withCustom(
                    Map.of("points", "3*orders + qualified_leads + 0.5*leads", "margin", "(revenue - cogs) / orders"));

    /** One business event of SPEC §2, reduced to what it adds. */
    record Event(long secondOfMonth, int type, long amountCents, boolean flag, int score) {
        MeasureVector measures() {
            MeasureVector.Builder b = MeasureVector.builder();
            BigDecimal amount = BigDecimal.valueOf(amountCents, 2);
            switch (type) {
                case 0 -> b.add(IMPRESSIONS, 1).add(SPEND, amount);
                case 1 -> b.add(CLICKS, 1).add(SPEND, amount);
                case 2 -> b.add(SPEND, amount);
                case 3 -> {
                    b.add(SESSIONS, 1);
                    if (flag) {
                        b.add(BOUNCES, 1);
                    } else if (score > 5) {
                        b.add(CONVERSIONS, 1);
                    }
                }
                case 4 -> b.add(LEADS, 1).add(QUALIFIED_LEADS, flag ? 1 : 0);
                case 5 ->
                    b.add(ORDERS, 1)
                            .add(REVENUE, amount)
                            .add(COGS, amount.divide(BigDecimal.valueOf(3), 2, java.math.RoundingMode.DOWN))
                            .add(NEW_CUSTOMERS, flag ? 1 : 0);
                case 6 -> b.add(REFUNDS, 1).add(REVENUE, amount.negate().divide(BigDecimal.TEN));
                case 7 -> {
                    if (flag) {
                        b.add(TICKETS_OPENED, 1);
                    } else {
                        b.add(TICKETS_RESOLVED, 1)
                                .add(RESOLUTION_SECONDS, amountCents % 100_000)
                                .add(FIRST_CONTACT_RESOLVED, score % 2)
                                .add(CSAT_SUM, score % 5 + 1)
                                .add(CSAT_COUNT, 1);
                    }
                }
                default ->
                    b.add(NPS_RESPONSES, 1).add(PROMOTERS, score >= 9 ? 1 : 0).add(DETRACTORS, score <= 6 ? 1 : 0);
            }
            return b.build();
        }
    }

    @Provide
    Arbitrary<List<Event>> monthOfEvents() {
        Arbitrary<Event> event = Combinators.combine(
                        Arbitraries.longs().between(0, 31L * 24 * 3600 - 1),
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.longs().between(0, 50_000_000),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 10))
                .as(Event::new);
        return event.list().ofMinSize(0).ofMaxSize(300);
    }

    @Property(tries = 200)
    void kpisOfTheSumOfDayVectorsEqualKpisOfTheMonthVector(
            @ForAll("monthOfEvents") List<Event> events, @ForAll boolean berlin) {
        // Given events over October 2026 (Berlin has a 25-hour day in it) and the month vector built directly
        ZoneId zone = berlin ? BERLIN : MOSCOW;
        Instant monthStart = ZonedDateTime.of(2026, 10, 1, 0, 0, 0, 0, zone).toInstant();
        Period month = Period.containing(PeriodKind.MONTH, monthStart, zone);
        Map<Instant, MeasureVector> days = new TreeMap<>();
        MeasureVector monthVector = MeasureVector.EMPTY;
        for (Event e : events) {
            Instant at =
                    monthStart.plusSeconds(e.secondOfMonth() % month.length().getSeconds());
            Period day = Period.containing(PeriodKind.DAY, at, zone);
            assertThat(month.contains(at)).isTrue();
            days.merge(day.start(), e.measures(), MeasureVector::plus);
            monthVector = monthVector.plus(e.measures());
        }

        // When the day vectors are summed
        MeasureVector rolledUp = days.values().stream().reduce(MeasureVector.EMPTY, MeasureVector::plus);

        // Then every KPI is the same, value, numerator and denominator alike
        MeasureVector previous =
                MeasureVector.builder().add(REVENUE, new BigDecimal("12345.67")).build();
        assertThat(rolledUp).isEqualTo(monthVector);
        for (Kpi kpi : CATALOG.all()) {
            if (kpi.inputs().contains(Measure.CUSTOMERS)) {
                continue;
            }
            KpiValue fromDays = kpi.compute(rolledUp, previous);
            KpiValue fromMonth = kpi.compute(monthVector, previous);
            assertEqual(kpi.id(), fromDays.value(), fromMonth.value());
            assertEqual(kpi.id(), fromDays.numerator(), fromMonth.numerator());
            assertEqual(kpi.id(), fromDays.denominator(), fromMonth.denominator());
        }
    }

    private static void assertEqual(String id, BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            assertThat(a).as(id).isEqualTo(b);
        } else {
            assertThat(a).as(id).isEqualByComparingTo(b);
        }
    }
}
