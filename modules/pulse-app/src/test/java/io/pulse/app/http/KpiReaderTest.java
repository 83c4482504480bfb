package io.pulse.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pulse.core.Scope;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.state.WindowKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class KpiReaderTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final Instant NOV_2 = Instant.parse("2026-11-01T21:00:00Z"); // 2026-11-02T00:00+03:00
    private static final Instant NOV_3 = NOV_2.plus(Duration.ofDays(1));
    private static final Instant NOV_4 = NOV_3.plus(Duration.ofDays(1));
    private static final Duration GRACE = Duration.ofMinutes(10);

    private final KpiCatalog catalog = KpiCatalog.builtIn();
    private final KpiReader reader = new KpiReader(catalog, MOSCOW, GRACE, "RUB");
    private final InMemoryStore<Bytes, MeasureVector> store = new InMemoryStore<>();

    private void window(Scope scope, String id, PeriodKind kind, Instant start, MeasureVector v) {
        store.put(new WindowKey(scope, id, kind, start.toEpochMilli()).toBytes(), v);
    }

    private static MeasureVector clicks(long clicks, long impressions) {
        return MeasureVector.builder()
                .add(Measure.CLICKS, clicks)
                .add(Measure.IMPRESSIONS, impressions)
                .build();
    }

    private static List<String> kpis(ArrayNode rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("kpi").asText()));
        return ids;
    }

    @Test
    void shouldComputeTheKpiOfTheCurrentWindowFromItsMeasures() {
        // Given: 20 clicks on 2,000 impressions today (SPEC §3: CTR 1.00%)
        window(Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_3, clicks(20, 2000));
        Instant now = NOV_3.plus(Duration.ofHours(15));

        // When
        ArrayNode rows =
                reader.read(store, Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_3, NOV_3, catalog.get("ctr"), now);

        // Then
        assertThat(rows).hasSize(1);
        JsonNode ctr = rows.get(0);
        assertThat(JsonForms.write(ctr))
                .isEqualTo("{\"kpi\":\"ctr\",\"scope\":\"campaign\",\"scopeId\":\"c-1\","
                        + "\"period\":\"day\",\"periodStart\":\"2026-11-03T00:00+03:00\",\"value\":1.0,\"numerator\":20.0,"
                        + "\"denominator\":2000.0,\"unit\":\"percent\",\"final\":false,\"periodEnd\":\"2026-11-04T00:00+03:00\","
                        + "\"currency\":null}");
    }

    @Test
    void shouldListOnlyTheKpisThatApplyWhenNoKpiIsAsked() {
        // Given
        window(Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_3, clicks(20, 2000));

        // When
        ArrayNode rows = reader.read(store, Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_3, NOV_3, null, NOV_3);

        // Then: click and impression KPIs, nothing about orders or tickets
        assertThat(kpis(rows))
                .contains("impressions", "clicks", "ctr", "cpc", "cpm")
                .doesNotContain("orders", "aov", "fcr", "nps");
    }

    @Test
    void shouldReadHistoryInStartOrderAndMarkClosedWindowsFinal() {
        // Given: three days, plus another campaign and another period kind that must not leak in
        window(Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_2, clicks(1, 100));
        window(Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_3, clicks(2, 100));
        window(Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_4, clicks(3, 100));
        window(Scope.CAMPAIGN, "c-10", PeriodKind.DAY, NOV_3, clicks(9, 100));
        window(Scope.CAMPAIGN, "c-1", PeriodKind.HOUR, NOV_3, clicks(9, 100));
        Instant now = NOV_4.plus(Duration.ofMinutes(5)); // Nov 3 closed 5 minutes ago, still within its grace

        // When
        ArrayNode rows =
                reader.read(store, Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_2, NOV_4, catalog.get("clicks"), now);

        // Then
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("periodStart").asText()).isEqualTo("2026-11-02T00:00+03:00");
        assertThat(rows.get(0).get("value").decimalValue()).isEqualByComparingTo("1");
        assertThat(rows.get(0).get("final").asBoolean()).isTrue();
        assertThat(rows.get(1).get("value").decimalValue()).isEqualByComparingTo("2");
        assertThat(rows.get(1).get("final").asBoolean()).isFalse();
        assertThat(rows.get(2).get("value").decimalValue()).isEqualByComparingTo("3");
        assertThat(rows.get(2).get("final").asBoolean()).isFalse();
    }

    @Test
    void shouldReadThePreviousWindowForRevenueGrowth() {
        // Given: revenue 100 then 150; only the second day is asked for
        window(
                Scope.EMPLOYEE,
                "e-1",
                PeriodKind.DAY,
                NOV_2,
                MeasureVector.builder()
                        .add(Measure.REVENUE, new BigDecimal("100"))
                        .build());
        window(
                Scope.EMPLOYEE,
                "e-1",
                PeriodKind.DAY,
                NOV_3,
                MeasureVector.builder()
                        .add(Measure.REVENUE, new BigDecimal("150"))
                        .build());

        // When
        ArrayNode rows = reader.read(
                store, Scope.EMPLOYEE, "e-1", PeriodKind.DAY, NOV_3, NOV_3, catalog.get("revenue_growth"), NOV_3);

        // Then
        assertThat(rows.get(0).get("value").decimalValue()).isEqualByComparingTo("50");
    }

    @Test
    void shouldGiveNullNotZeroWhenTheDenominatorIsZero() {
        // Given
        window(
                Scope.CAMPAIGN,
                "c-1",
                PeriodKind.DAY,
                NOV_3,
                clicks(0, 0)
                        .plus(MeasureVector.builder()
                                .add(Measure.SPEND, new BigDecimal("10"))
                                .build()));

        // When
        ArrayNode rows =
                reader.read(store, Scope.CAMPAIGN, "c-1", PeriodKind.DAY, NOV_3, NOV_3, catalog.get("cpc"), NOV_3);

        // Then
        assertThat(rows.get(0).get("value").isNull()).isTrue();
    }

    @Test
    void shouldAnswerNothingForAScopeWithoutData() {
        assertThat(reader.read(store, Scope.TEAM, "north", PeriodKind.MONTH, NOV_2, NOV_4, null, NOV_4))
                .isEmpty();
    }

    @Test
    void shouldRefuseRangesOfMoreThanAThousandWindows() {
        Instant from = Period.containing(PeriodKind.HOUR, NOV_2, MOSCOW).start();
        assertThatThrownBy(() -> KpiReader.checkRange(PeriodKind.HOUR, from, from.plus(Duration.ofDays(60))))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("more than 1000 hour periods");
        KpiReader.checkRange(PeriodKind.DAY, from, from.plus(Duration.ofDays(60)));
        assertThatThrownBy(() -> KpiReader.checkRange(PeriodKind.DAY, NOV_3, NOV_2))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("is after");
    }
}
