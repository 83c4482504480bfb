package io.pulse.streams;

import static io.pulse.streams.Events.click;
import static io.pulse.streams.Events.impression;
import static io.pulse.streams.Events.lead;
import static io.pulse.streams.Events.nps;
import static io.pulse.streams.Events.opened;
import static io.pulse.streams.Events.order;
import static io.pulse.streams.Events.refund;
import static io.pulse.streams.Events.resolved;
import static io.pulse.streams.Events.session;
import static io.pulse.streams.Events.spend;
import static io.pulse.streams.TopologyFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.KpiValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every KPI family from events, against hand-computed values, on final rows of a Moscow business day. */
class KpiFamiliesTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final Instant MON_10 = Instant.parse("2026-11-02T07:00:00Z"); // 10:00 in Moscow
    private static final String DAY = "2026-11-02T00:00+03:00";

    private static TopologyFixture fixture() {
        return new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(MOSCOW)
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                MON_10);
    }

    private static BigDecimal n(String s) {
        return new BigDecimal(s).setScale(6);
    }

    @Test
    void shouldComputeMarketingKpisPerCampaign() {
        try (TopologyFixture f = fixture()) {
            // Given 4 impressions at 0.50, a click at 3.00, a spend of 15.00, 4 sessions and 2 leads
            for (int i = 0; i < 4; i++) {
                f.send(impression("i-" + i, MON_10.plusSeconds(i), "c-1", "0.50"));
            }
            f.send(
                    click("k-1", MON_10.plusSeconds(10), "c-1", "3.00"),
                    spend("s-1", MON_10.plusSeconds(20), "c-1", "15.00"),
                    session("v-1", MON_10.plusSeconds(30), "c-1", true, false),
                    session("v-2", MON_10.plusSeconds(31), "c-1", false, true),
                    session("v-3", MON_10.plusSeconds(32), "c-1", false, false),
                    session("v-4", MON_10.plusSeconds(33), "c-1", false, false),
                    lead("l-1", MON_10.plusSeconds(40), "c-1", null, true),
                    lead("l-2", MON_10.plusSeconds(41), "c-1", null, false));

            // When every window closes
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then
            assertThat(value(finals, "impressions", "campaign", "c-1", "day", DAY))
                    .isEqualByComparingTo("4");
            assertThat(value(finals, "spend", "campaign", "c-1", "day", DAY)).isEqualByComparingTo("20");
            assertThat(value(finals, "ctr", "campaign", "c-1", "day", DAY)).isEqualTo(n("25"));
            assertThat(value(finals, "cpc", "campaign", "c-1", "day", DAY)).isEqualTo(n("20"));
            assertThat(value(finals, "cpm", "campaign", "c-1", "day", DAY)).isEqualTo(n("5000"));
            assertThat(value(finals, "cr", "campaign", "c-1", "day", DAY)).isEqualTo(n("25"));
            assertThat(value(finals, "bounce_rate", "campaign", "c-1", "day", DAY))
                    .isEqualTo(n("25"));
            assertThat(value(finals, "cpl", "campaign", "c-1", "day", DAY)).isEqualTo(n("10"));
            assertThat(value(finals, "cpql", "campaign", "c-1", "day", DAY)).isEqualTo(n("20"));
            assertThat(value(finals, "ctr", "channel", "search", "day", DAY)).isEqualTo(n("25"));
            assertThat(finals.get(TopologyFixture.key("ctr", "campaign", "c-1", "day", DAY))
                            .getCurrency())
                    .isNull();
            assertThat(finals.get(TopologyFixture.key("cpc", "campaign", "c-1", "day", DAY))
                            .getCurrency())
                    .isEqualTo("RUB");
        }
    }

    @Test
    void shouldComputeSalesKpisWithDistinctCustomersAndRefunds() {
        try (TopologyFixture f = fixture()) {
            // Given three orders by two customers, a refund, and spend on the company
            f.send(
                    order("o-1", MON_10, "e-1", "k-1", "1000", "600", true),
                    order("o-2", MON_10.plusSeconds(60), "e-1", "k-1", "500", "200", false),
                    order("o-3", MON_10.plusSeconds(120), "e-1", "k-2", "300", "100", true),
                    refund("r-1", MON_10.plusSeconds(180), "e-1", "100"),
                    spend("s-1", MON_10.plusSeconds(240), "c-9", "400"));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then revenue 1,700 (refund booked), cogs 900, 3 orders, 2 distinct customers
            assertThat(value(finals, "revenue", "employee", "e-1", "day", DAY)).isEqualTo(n("1700"));
            assertThat(value(finals, "gross_profit", "employee", "e-1", "day", DAY))
                    .isEqualTo(n("800"));
            assertThat(value(finals, "orders", "employee", "e-1", "day", DAY)).isEqualTo(n("3"));
            assertThat(value(finals, "aov", "employee", "e-1", "day", DAY)).isEqualTo(n("566.666667"));
            assertThat(value(finals, "customers", "employee", "e-1", "day", DAY))
                    .isEqualTo(n("2"));
            assertThat(value(finals, "ltv", "employee", "e-1", "day", DAY)).isEqualTo(n("850"));
            assertThat(value(finals, "cac", "company", "all", "day", DAY)).isEqualTo(n("200"));
            assertThat(value(finals, "roas", "company", "all", "day", DAY)).isEqualTo(n("425"));
            assertThat(value(finals, "romi", "company", "all", "day", DAY)).isEqualTo(n("325"));
            assertThat(value(finals, "roi", "company", "all", "day", DAY)).isEqualTo(n("30.769231"));
            assertThat(value(finals, "customers", "company", "all", "month", "2026-11-01T00:00+03:00"))
                    .isEqualTo(n("2"));
        }
    }

    @Test
    void shouldComputeSupportKpisFromOpenedAndResolvedTickets() {
        try (TopologyFixture f = fixture()) {
            // Given two tickets: one resolved at first contact in an hour (csat 5), one in 30 minutes (csat 3)
            f.send(
                    opened("t-1o", MON_10, "t-1", "s-1"),
                    opened("t-2o", MON_10.plusSeconds(1800), "t-2", "s-1"),
                    resolved("t-1r", MON_10.plusSeconds(3600), "t-1", "s-1", MON_10, true, 5),
                    resolved("t-2r", MON_10.plusSeconds(3600), "t-2", "s-1", MON_10.plusSeconds(1800), false, 3));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then
            assertThat(value(finals, "tickets_opened", "employee", "s-1", "day", DAY))
                    .isEqualTo(n("2"));
            assertThat(value(finals, "tickets_resolved", "employee", "s-1", "day", DAY))
                    .isEqualTo(n("2"));
            assertThat(value(finals, "fcr", "employee", "s-1", "day", DAY)).isEqualTo(n("50"));
            assertThat(value(finals, "avg_resolution_minutes", "employee", "s-1", "day", DAY))
                    .isEqualTo(n("45"));
            assertThat(value(finals, "csat", "employee", "s-1", "day", DAY)).isEqualTo(n("4"));
        }
    }

    @Test
    void shouldComputeNpsOfTheWorkedExample() {
        try (TopologyFixture f = fixture()) {
            // Given 70 promoters, 90 passives and 40 detractors (SPEC §3)
            int i = 0;
            for (; i < 70; i++) {
                f.send(nps("n-" + i, MON_10.plusSeconds(i), "e-1", 9 + i % 2));
            }
            for (; i < 160; i++) {
                f.send(nps("n-" + i, MON_10.plusSeconds(i), "e-1", 7 + i % 2));
            }
            for (; i < 200; i++) {
                f.send(nps("n-" + i, MON_10.plusSeconds(i), "e-1", i % 7));
            }

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then
            assertThat(value(finals, "nps", "employee", "e-1", "day", DAY)).isEqualTo(n("15"));
            assertThat(value(finals, "nps_responses", "company", "all", "day", DAY))
                    .isEqualTo(n("200"));
        }
    }

    @Test
    void shouldComputeCustomKpiFromConfiguration() {
        PulseStreamsConfig config = PulseStreamsConfig.builder()
                .zone(MOSCOW)
                .currency("RUB")
                .closeOnWallClock(false)
                .customKpi("points", "3*orders + qualified_leads")
                .build();
        try (TopologyFixture f = new TopologyFixture(config, MON_10)) {
            // Given one order and two qualified leads by e-1
            f.send(
                    order("o-1", MON_10, "e-1", "k-1", "10", null, false),
                    lead("l-1", MON_10.plusSeconds(1), null, "e-1", true),
                    lead("l-2", MON_10.plusSeconds(2), null, "e-1", true));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then
            assertThat(value(finals, "points", "employee", "e-1", "day", DAY)).isEqualTo(n("5"));
            assertThat(finals.get(TopologyFixture.key("points", "employee", "e-1", "day", DAY))
                            .getUnit())
                    .isEqualTo("points");
        }
    }

    @Test
    void shouldComputeRevenueGrowthAgainstThePreviousWindow() {
        try (TopologyFixture f = fixture()) {
            // Given revenue 100 on Monday and 150 on Tuesday
            f.send(
                    order("o-1", MON_10, "e-1", "k-1", "100", null, false),
                    order("o-2", MON_10.plus(Duration.ofDays(1)), "e-1", "k-1", "150", null, false));

            // When
            Map<String, KpiValue> finals = f.closeAll().finalsByKey();

            // Then
            assertThat(value(finals, "revenue_growth", "employee", "e-1", "day", "2026-11-03T00:00+03:00"))
                    .isEqualTo(n("50"));
            assertThat(value(finals, "revenue_growth", "employee", "e-1", "day", DAY))
                    .isNull();
        }
    }

    @Test
    void shouldPublishLiveValuesOnTheEmitInterval() {
        try (TopologyFixture f = fixture()) {
            // Given two impressions and a click
            f.send(
                    impression("i-1", MON_10, "c-1", null),
                    impression("i-2", MON_10.plusSeconds(1), "c-1", null),
                    click("k-1", MON_10.plusSeconds(2), "c-1", null));

            // When the emit interval passes on the wall clock
            f.advanceWallClock(Duration.ofSeconds(1));

            // Then the live CTR is published, not final
            Map<String, KpiValue> live = f.latestValues();
            assertThat(value(live, "ctr", "campaign", "c-1", "day", DAY)).isEqualTo(n("50"));
            assertThat(live.get(TopologyFixture.key("ctr", "campaign", "c-1", "day", DAY))
                            .getFinal$())
                    .isFalse();
            assertThat(f.readFinals()).isEmpty();
        }
    }
}
