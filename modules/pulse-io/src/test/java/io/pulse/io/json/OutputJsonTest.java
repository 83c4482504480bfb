package io.pulse.io.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputJsonTest {

    private static BigDecimal six(String value) {
        return new BigDecimal(value).setScale(6);
    }

    @Test
    void shouldRenderAKpiValueWithPlainNumbers() {
        // Given CTR of 20 clicks on 2,000 impressions (SPEC §3)
        KpiValue ctr = KpiValue.newBuilder()
                .setKpi("ctr")
                .setScope("campaign")
                .setScopeId("c-9")
                .setPeriod("day")
                .setPeriodStart("2026-11-02T00:00+03:00")
                .setPeriodEnd("2026-11-03T00:00+03:00")
                .setValue(six("1"))
                .setNumerator(six("20"))
                .setDenominator(six("2000"))
                .setUnit("percent")
                .setCurrency(null)
                .setFinal$(true)
                .build();

        // When
        String line = OutputJson.line(ctr);

        // Then
        assertThat(line)
                .isEqualTo(
                        "{\"kpi\":\"ctr\",\"scope\":\"campaign\",\"scopeId\":\"c-9\",\"period\":\"day\","
                                + "\"periodStart\":\"2026-11-02T00:00+03:00\",\"value\":1.0,\"numerator\":20.0,\"denominator\":2000.0,"
                                + "\"unit\":\"percent\",\"final\":true,\"periodEnd\":\"2026-11-03T00:00+03:00\",\"currency\":null}");
    }

    @Test
    void shouldKeepAnUndefinedValueAsNull() {
        KpiValue cpc = KpiValue.newBuilder()
                .setKpi("cpc")
                .setScope("company")
                .setScopeId("all")
                .setPeriod("hour")
                .setPeriodStart("2026-11-02T09:00Z")
                .setPeriodEnd("2026-11-02T10:00Z")
                .setValue(null)
                .setNumerator(six("25000"))
                .setDenominator(BigDecimal.ZERO.setScale(6))
                .setUnit("money")
                .setCurrency("RUB")
                .build();

        assertThat(OutputJson.line(cpc))
                .contains("\"value\":null,\"numerator\":25000.0,\"denominator\":0.0,")
                .contains("\"final\":false")
                .contains("\"currency\":\"RUB\"");
    }

    @Test
    void shouldDropTrailingZerosButNeverUseExponents() {
        assertThat(OutputJson.write(OutputJson.number(six("208.333333")))).isEqualTo("208.333333");
        assertThat(OutputJson.write(OutputJson.number(six("99")))).isEqualTo("99.0");
        assertThat(OutputJson.write(OutputJson.number(six("1.5")))).isEqualTo("1.5");
        assertThat(OutputJson.write(OutputJson.number(six("1000000")))).isEqualTo("1000000.0");
        assertThat(OutputJson.write(OutputJson.number(six("-0.000001")))).isEqualTo("-0.000001");
        assertThat(OutputJson.write(OutputJson.number(six("0")))).isEqualTo("0.0");
    }

    @Test
    void shouldRenderTheSalesManagersScorecard() {
        // Given the worked example of SPEC §4
        Scorecard card = Scorecard.newBuilder()
                .setScope("employee")
                .setScopeId("e-017")
                .setPeriod("month")
                .setPeriodStart("2026-11-01T00:00+03:00")
                .setPeriodEnd("2026-12-01T00:00+03:00")
                .setBonusModel("weighted")
                .setItems(List.of(
                        item("gross_profit", "900000", "1000000", "0.5", "90"),
                        item("new_customers", "6", "5", "0.3", "120"),
                        item("aov", "180000", "200000", "0.2", "90")))
                .setTotalFulfillment(six("99"))
                .setPlannedBonus(six("50000"))
                .setBonus(six("49500"))
                .setBaseSalary(six("60000"))
                .setPayout(six("109500"))
                .setCurrency("RUB")
                .setFinal$(false)
                .setProjectedTotalFulfillment(six("99"))
                .setProjectedBonus(six("49500"))
                .build();

        // When
        String line = OutputJson.line(card);

        // Then
        assertThat(line)
                .isEqualTo("{\"scope\":\"employee\",\"scopeId\":\"e-017\",\"period\":\"month\","
                        + "\"periodStart\":\"2026-11-01T00:00+03:00\",\"bonusModel\":\"weighted\",\"items\":["
                        + "{\"kpi\":\"gross_profit\",\"fact\":900000.0,\"target\":1000000.0,\"threshold\":null,\"challenge\":null,"
                        + "\"weight\":0.5,\"fulfillment\":90.0,\"coefficient\":0.9,\"scoring\":\"ratio\","
                        + "\"expected\":1000000.0,\"projected\":900000.0},"
                        + "{\"kpi\":\"new_customers\",\"fact\":6.0,\"target\":5.0,\"threshold\":null,\"challenge\":null,"
                        + "\"weight\":0.3,\"fulfillment\":120.0,\"coefficient\":1.2,\"scoring\":\"ratio\","
                        + "\"expected\":5.0,\"projected\":6.0},"
                        + "{\"kpi\":\"aov\",\"fact\":180000.0,\"target\":200000.0,\"threshold\":null,\"challenge\":null,"
                        + "\"weight\":0.2,\"fulfillment\":90.0,\"coefficient\":0.9,\"scoring\":\"ratio\","
                        + "\"expected\":null,\"projected\":null}],"
                        + "\"totalFulfillment\":99.0,\"bonus\":49500.0,\"baseSalary\":60000.0,\"payout\":109500.0,\"final\":false,"
                        + "\"periodEnd\":\"2026-12-01T00:00+03:00\",\"plannedBonus\":50000.0,\"currency\":\"RUB\","
                        + "\"projectedTotalFulfillment\":99.0,\"projectedBonus\":49500.0}");
    }

    private static ScorecardItem item(String kpi, String fact, String target, String weight, String fulfillment) {
        return ScorecardItem.newBuilder()
                .setKpi(kpi)
                .setFact(six(fact))
                .setTarget(six(target))
                .setThreshold(null)
                .setChallenge(null)
                .setWeight(six(weight))
                .setScoring("ratio")
                .setFulfillment(six(fulfillment))
                .setCoefficient(six(fulfillment).movePointLeft(2))
                // A final card: what is expected by the end is the target, the projection is the fact (ratios: none).
                .setExpected(kpi.equals("aov") ? null : six(target))
                .setProjected(kpi.equals("aov") ? null : six(fact))
                .build();
    }

    @Test
    void shouldRenderAPaceAlertWithItsInstant() {
        Alert alert = Alert.newBuilder()
                .setAlertId("a-1")
                .setType("PACE_BEHIND")
                .setSeverity("warning")
                .setRule("plan employee|e-017|day")
                .setKpi("orders")
                .setScope("employee")
                .setScopeId("e-017")
                .setPeriod("day")
                .setPeriodStart("2026-11-02T00:00+03:00")
                .setValue(six("3"))
                .setLimit(six("7"))
                .setExpected(six("7"))
                .setProjection(six("6.25"))
                .setAt(Instant.parse("2026-11-02T12:00:00Z"))
                .setMessage("e-017 has 30% of today's plan at 15:00, needs 70% by now")
                .build();

        assertThat(OutputJson.line(alert))
                .isEqualTo("{\"alertId\":\"a-1\",\"type\":\"PACE_BEHIND\","
                        + "\"severity\":\"warning\",\"rule\":\"plan employee|e-017|day\",\"kpi\":\"orders\",\"scope\":\"employee\","
                        + "\"scopeId\":\"e-017\",\"period\":\"day\",\"periodStart\":\"2026-11-02T00:00+03:00\",\"value\":3.0,"
                        + "\"limit\":7.0,\"at\":\"2026-11-02T12:00:00Z\",\"message\":\"e-017 has 30% of today's plan at 15:00, "
                        + "needs 70% by now\",\"expected\":7.0,\"projection\":6.25}");
    }

    @Test
    void shouldRenderARejectedRecordWithItsBytesInBase64() {
        RejectedRecord rejected = RejectedRecord.newBuilder()
                .setSourceTopic("pulse.events.nps")
                .setPartition(2)
                .setOffset(41)
                .setRecordTimestamp(Instant.parse("2026-11-02T09:15:00Z"))
                .setKey(ByteBuffer.wrap("n-1".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 7, (byte) 0xff}))
                .setReason("score 11 is outside 0-10")
                .setEventType("nps")
                .setEventId("n-1")
                .build();

        assertThat(OutputJson.line(rejected))
                .isEqualTo("{\"topic\":\"pulse.events.nps\",\"partition\":2,"
                        + "\"offset\":41,\"timestamp\":\"2026-11-02T09:15:00Z\",\"type\":\"nps\",\"eventId\":\"n-1\","
                        + "\"reason\":\"score 11 is outside 0-10\",\"key\":\"bi0x\",\"value\":\"AAAAAAf/\"}");
    }
}
