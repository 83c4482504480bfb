package io.pulse.core.kpi;

import static io.pulse.core.measure.Measure.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiCatalogTest {
    private final KpiCatalog catalog = KpiCatalog.builtIn();

    static MeasureVector vector(Object... measureAndValue) {
        MeasureVector.Builder b = MeasureVector.builder();
        for (int i = 0; i < measureAndValue.length; i += 2) {
            b.add((Measure) measureAndValue[i], new BigDecimal(measureAndValue[i + 1].toString()));
        }
        return b.build();
    }

    private BigDecimal cents(String kpi, MeasureVector v) {
        return catalog.get(kpi).compute(v, null).value().setScale(2, RoundingMode.HALF_EVEN);
    }

    @Test
    void shouldReproduceTheWorkedExamplesOfSpecSection3ToTheCent() {
        // Given the SPEC §3 worked examples
        // When / Then
        assertThat(cents("ctr", vector(CLICKS, 20, IMPRESSIONS, 2000)))
                .isEqualByComparingTo("1.00")
                .hasToString("1.00");
        assertThat(cents("cr", vector(CONVERSIONS, 20, SESSIONS, 200))).hasToString("10.00");
        assertThat(cents("cpc", vector(SPEND, 25000, CLICKS, 120))).hasToString("208.33");
        assertThat(cents("cpl", vector(SPEND, 500000, LEADS, 50))).hasToString("10000.00");
        assertThat(cents("cac", vector(SPEND, 500000, NEW_CUSTOMERS, 200))).hasToString("2500.00");
        assertThat(cents("romi", vector(REVENUE, 60000, SPEND, 10000))).hasToString("500.00");
        assertThat(cents("nps", vector(NPS_RESPONSES, 200, PROMOTERS, 70, DETRACTORS, 40)))
                .hasToString("15.00");
    }

    @Test
    void shouldRoundRatioValuesHalfEvenToSixPlacesAndKeepNumeratorAndDenominator() {
        // Given
        MeasureVector v = vector(SPEND, 25000, CLICKS, 120);

        // When
        KpiValue cpc = catalog.get("cpc").compute(v, null);

        // Then
        assertThat(cpc.value()).hasToString("208.333333");
        assertThat(cpc.numerator()).isEqualByComparingTo("25000");
        assertThat(cpc.denominator()).isEqualByComparingTo("120");
    }

    @Test
    void shouldHaveNoValueWhenTheDenominatorIsZero() {
        // Given a window with spend but no clicks, impressions, leads or orders
        MeasureVector v = vector(SPEND, 100);

        // When / Then every ratio is null, never NaN, Infinity or zero
        for (String id : List.of(
                "ctr",
                "cpc",
                "cpm",
                "cr",
                "bounce_rate",
                "cpl",
                "cpql",
                "lead_to_order",
                "aov",
                "cpo",
                "cac",
                "ltv",
                "fcr",
                "avg_resolution_minutes",
                "csat",
                "nps")) {
            KpiValue value = catalog.get(id).compute(v, null);
            assertThat(value.value()).as(id).isNull();
            assertThat(value.defined()).as(id).isFalse();
            assertThat(value.denominator()).as(id).isEqualByComparingTo("0");
        }
    }

    @Test
    void shouldComputePlainMeasuresWithoutDenominator() {
        // Given
        MeasureVector v = vector(REVENUE, "1500.50", COGS, "500.25", ORDERS, 3, SPEND, "12.5");

        // When
        KpiValue revenue = catalog.get("revenue").compute(v, null);
        KpiValue grossProfit = catalog.get("gross_profit").compute(v, null);
        KpiValue orders = catalog.get("orders").compute(v, null);

        // Then
        assertThat(revenue).isEqualTo(new KpiValue(new BigDecimal("1500.50"), new BigDecimal("1500.50"), null));
        assertThat(grossProfit.value()).isEqualByComparingTo("1000.25");
        assertThat(grossProfit.denominator()).isNull();
        assertThat(orders.value()).isEqualByComparingTo("3");
    }

    @Test
    void shouldComputeEveryRatioFormulaOfTheTable() {
        // Given one vector touching every measure
        MeasureVector v = vector(
                IMPRESSIONS,
                4000,
                CLICKS,
                80,
                SPEND,
                2000,
                SESSIONS,
                400,
                BOUNCES,
                100,
                CONVERSIONS,
                12,
                LEADS,
                40,
                QUALIFIED_LEADS,
                10,
                ORDERS,
                8,
                REVENUE,
                16000,
                COGS,
                6000,
                NEW_CUSTOMERS,
                4,
                CUSTOMERS,
                5,
                TICKETS_RESOLVED,
                10,
                FIRST_CONTACT_RESOLVED,
                7,
                RESOLUTION_SECONDS,
                36000,
                CSAT_SUM,
                42,
                CSAT_COUNT,
                10,
                NPS_RESPONSES,
                10,
                PROMOTERS,
                5,
                DETRACTORS,
                2);

        // When / Then
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ctr", "2.000000");
        expected.put("cpc", "25.000000");
        expected.put("cpm", "500.000000");
        expected.put("cr", "3.000000");
        expected.put("bounce_rate", "25.000000");
        expected.put("cpl", "50.000000");
        expected.put("cpql", "200.000000");
        expected.put("lead_to_order", "20.000000");
        expected.put("aov", "2000.000000");
        expected.put("cpo", "250.000000");
        expected.put("cac", "500.000000");
        expected.put("ltv", "3200.000000");
        expected.put("roas", "800.000000");
        expected.put("romi", "700.000000");
        expected.put("roi", "100.000000");
        expected.put("fcr", "70.000000");
        expected.put("avg_resolution_minutes", "60.000000");
        expected.put("csat", "4.200000");
        expected.put("nps", "30.000000");
        expected.put("gross_profit", "10000");
        expected.forEach((id, value) ->
                assertThat(catalog.get(id).compute(v, null).value()).as(id).hasToString(value));
    }

    @Test
    void shouldReportAverageResolutionWithDenominatorInSeconds() {
        // Given 2 tickets resolved in 90 minutes in total
        MeasureVector v = vector(TICKETS_RESOLVED, 2, RESOLUTION_SECONDS, 5400);

        // When
        KpiValue value = catalog.get("avg_resolution_minutes").compute(v, null);

        // Then
        assertThat(value.value()).hasToString("45.000000");
        assertThat(value.numerator()).isEqualByComparingTo("5400");
        assertThat(value.denominator()).isEqualByComparingTo("120");
    }

    @Test
    void shouldComputeRevenueGrowthAgainstThePreviousWindowOnly() {
        // Given
        Kpi growth = catalog.get("revenue_growth");
        MeasureVector now = vector(REVENUE, 1250);

        // When / Then
        assertThat(growth.needsPrevious()).isTrue();
        assertThat(growth.compute(now, vector(REVENUE, 1000)).value()).hasToString("25.000000");
        assertThat(growth.compute(now, vector(REVENUE, 2500)).value()).hasToString("-50.000000");
        assertThat(growth.compute(now, null).value()).isNull();
        assertThat(growth.compute(now, MeasureVector.EMPTY).value()).isNull();
        assertThat(catalog.all().stream().filter(Kpi::needsPrevious).map(Kpi::id))
                .containsExactly("revenue_growth");
    }

    @Test
    void shouldListBuiltInsInSpecTableOrderWithUnitsAndDirections() {
        // Given / When
        List<String> ids = catalog.all().stream().map(Kpi::id).toList();

        // Then
        assertThat(ids)
                .containsExactly(
                        "impressions",
                        "clicks",
                        "sessions",
                        "leads",
                        "qualified_leads",
                        "orders",
                        "new_customers",
                        "customers",
                        "tickets_opened",
                        "tickets_resolved",
                        "nps_responses",
                        "spend",
                        "revenue",
                        "cogs",
                        "gross_profit",
                        "ctr",
                        "cpc",
                        "cpm",
                        "cr",
                        "bounce_rate",
                        "cpl",
                        "cpql",
                        "lead_to_order",
                        "aov",
                        "cpo",
                        "cac",
                        "ltv",
                        "roas",
                        "romi",
                        "roi",
                        "fcr",
                        "avg_resolution_minutes",
                        "csat",
                        "nps",
                        "revenue_growth");
        List<String> lower = catalog.all().stream()
                .filter(k -> k.direction() == Direction.LOWER)
                .map(Kpi::id)
                .toList();
        assertThat(lower)
                .containsExactly(
                        "spend", "cpc", "cpm", "bounce_rate", "cpl", "cpql", "cpo", "cac", "avg_resolution_minutes");
        assertThat(catalog.get("ctr").unit()).isEqualTo(Unit.PERCENT);
        assertThat(catalog.get("cpm").unit()).isEqualTo(Unit.MONEY);
        assertThat(catalog.get("nps").unit()).isEqualTo(Unit.POINTS);
        assertThat(catalog.get("csat").unit()).isEqualTo(Unit.SCORE);
        assertThat(catalog.get("avg_resolution_minutes").unit()).isEqualTo(Unit.MINUTES);
        assertThat(catalog.get("ltv").unit()).isEqualTo(Unit.MONEY);
        assertThat(catalog.get("orders").unit()).isEqualTo(Unit.COUNT);
        assertThat(Unit.PERCENT.id()).isEqualTo("percent");
        assertThat(Direction.parse(" Lower ")).isEqualTo(Direction.LOWER);
    }

    @Test
    void shouldCallOnlyPlainMeasuresAndDifferencesAdditive() {
        // Given / When
        List<String> additive =
                catalog.all().stream().filter(Kpi::additive).map(Kpi::id).toList();

        // Then
        assertThat(additive)
                .as("customers counts distinct customers per window")
                .containsExactly(
                        "impressions",
                        "clicks",
                        "sessions",
                        "leads",
                        "qualified_leads",
                        "orders",
                        "new_customers",
                        "tickets_opened",
                        "tickets_resolved",
                        "nps_responses",
                        "spend",
                        "revenue",
                        "cogs",
                        "gross_profit");
    }

    @Test
    void shouldApplyOnlyWhenAnInputMeasureIsNonZero() {
        // Given a window with only tickets
        MeasureVector tickets = vector(TICKETS_OPENED, 3);

        // When / Then
        assertThat(catalog.get("tickets_opened").appliesTo(tickets)).isTrue();
        assertThat(catalog.get("ctr").appliesTo(tickets)).isFalse();
        assertThat(catalog.get("ctr").appliesTo(vector(IMPRESSIONS, 1))).isTrue();
    }

    @Test
    void shouldFailWithOneLineForAnUnknownKpi() {
        // Given / When / Then
        assertThat(catalog.find("nope")).isEmpty();
        assertThat(catalog.find("ctr")).isPresent();
        assertThatThrownBy(() -> catalog.get("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown KPI 'nope'");
    }

    @Test
    void shouldAddCustomKpisAfterBuiltInsInConfiguredOrder() {
        // Given
        Map<String, String> custom = new LinkedHashMap<>();
        custom.put("points", "3*orders + 1*qualified_leads + 0.5*leads");
        custom.put("margin_roi", "(revenue − cogs − spend) ÷ spend × 100");

        // When
        KpiCatalog withCustom = catalog.withCustom(custom);

        // Then
        List<String> ids = withCustom.all().stream().map(Kpi::id).toList();
        assertThat(ids.subList(ids.size() - 2, ids.size())).containsExactly("points", "margin_roi");
        assertThat(withCustom.custom()).extracting(Kpi::id).containsExactly("points", "margin_roi");
        assertThat(catalog.find("points"))
                .as("the built-in catalog is unchanged")
                .isEmpty();
        Kpi points = withCustom.get("points");
        assertThat(points.unit()).isEqualTo(Unit.POINTS);
        assertThat(points.direction()).isEqualTo(Direction.HIGHER);
        assertThat(points.inputs()).containsExactlyInAnyOrder(ORDERS, QUALIFIED_LEADS, LEADS);
        KpiValue value = points.compute(vector(ORDERS, 2, QUALIFIED_LEADS, 3, LEADS, 5), null);
        assertThat(value).isEqualTo(new KpiValue(new BigDecimal("11.500000"), new BigDecimal("11.500000"), null));
        assertThat(withCustom
                        .get("margin_roi")
                        .compute(vector(REVENUE, 300, COGS, 100, SPEND, 100), null)
                        .value())
                .hasToString("100.000000");
    }

    @Test
    void shouldGiveNoValueForACustomKpiThatDividesByZero() {
        // Given
        KpiCatalog withCustom = catalog.withCustom(Map.of("per_lead", "revenue / leads"));

        // When
        KpiValue value = withCustom.get("per_lead").compute(vector(REVENUE, 100), null);

        // Then
        assertThat(value.value()).isNull();
        assertThat(value.numerator()).isNull();
        assertThat(value.denominator()).isNull();
    }

    @Test
    void shouldRejectACustomKpiWhoseIdClashesWithABuiltIn() {
        // Given / When / Then
        assertThatThrownBy(() -> catalog.withCustom(Map.of("ctr", "clicks / impressions")))
                .isInstanceOf(KpiDefinitionException.class)
                .hasMessage("custom KPI 'ctr': clashes with the built-in KPI of the same id; choose another id");
    }

    @Test
    void shouldRejectACustomKpiWithABadId() {
        // Given / When / Then
        assertThatThrownBy(() -> catalog.withCustom(Map.of("My Points", "orders")))
                .isInstanceOf(KpiDefinitionException.class)
                .hasMessage(
                        "custom KPI 'My Points': the id must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter");
    }

    @Test
    void shouldNameTheKpiAndColumnOfAnUnknownMeasureInACustomDefinition() {
        // Given / When / Then
        assertThatThrownBy(() -> catalog.withCustom(Map.of("points", "3*ordrs + leads")))
                .isInstanceOf(KpiDefinitionException.class)
                .hasMessageStartingWith(
                        "custom KPI 'points': unknown measure 'ordrs' at column 3 (known: impressions, clicks, ")
                .hasMessageNotContaining("\n")
                .satisfies(
                        e -> assertThat(((KpiDefinitionException) e).column()).isEqualTo(3));
    }

    @Test
    void shouldComputeAllKpisOfACatalogInOrder() {
        // Given
        MeasureVector v = vector(CLICKS, 1, IMPRESSIONS, 4);

        // When
        Map<String, KpiValue> values = catalog.computeAll(v, null);

        // Then
        assertThat(values.keySet()).containsExactlyElementsOf(catalog.ids());
        assertThat(values.get("ctr").value()).hasToString("25.000000");
    }
}
