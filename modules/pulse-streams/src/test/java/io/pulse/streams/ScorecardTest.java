package io.pulse.streams;

import static io.pulse.streams.Events.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.control.PlanKpi;
import io.pulse.avro.events.LeadEvent;
import io.pulse.avro.events.SessionEvent;
import io.pulse.avro.events.SpendEvent;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The KPI passport: plans held against facts from events, live and final, with exact bonuses (SPEC §4). */
class ScorecardTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final Instant NOV_2 = Instant.parse("2026-11-02T07:00:00Z");
    private static final String NOVEMBER = "2026-11-01T00:00+03:00";

    private static final String SALES_PLAN = """
            - scope: employee
              id: e-017
              period: month
              baseSalary: 60000
              plannedBonus: 50000
              bonusModel: weighted
              kpis:
                - { kpi: gross_profit, target: 1000000, weight: 0.5 }
                - { kpi: new_customers, target: 5, weight: 0.3 }
                - { kpi: aov, target: 200000, weight: 0.2 }
            """;

    private static TopologyFixture fixture() {
        return new TopologyFixture(
                PulseStreamsConfig.builder()
                        .zone(MOSCOW)
                        .currency("RUB")
                        .closeOnWallClock(false)
                        .build(),
                NOV_2);
    }

    private static Scorecard finalOf(List<Scorecard> cards, String scope, String id) {
        List<Scorecard> finals = cards.stream()
                .filter(c -> c.getFinal$()
                        && c.getScope().equals(scope)
                        && c.getScopeId().equals(id))
                .toList();
        assertThat(finals).as("one final scorecard for " + scope + " " + id).hasSize(1);
        return finals.get(0);
    }

    private static void sellSixOrders(TopologyFixture f, String employee) {
        // gross profit 900,000, 6 new customers, average check 180,000
        for (int i = 0; i < 6; i++) {
            f.send(order(
                    employee + "-o-" + i,
                    NOV_2.plusSeconds(3600L * i),
                    employee,
                    "k-" + employee + i,
                    "180000",
                    "30000",
                    true));
        }
    }

    @Test
    void shouldScoreTheSalesManagerExampleFromEvents() {
        try (TopologyFixture f = fixture()) {
            // Given the sales plan of SPEC §4 and a month of orders
            f.plan(SALES_PLAN);
            sellSixOrders(f, "e-017");

            // When the month closes
            List<Scorecard> cards = f.closeAll().readScorecards();

            // Then total 99%, bonus 49,500, payout 109,500
            Scorecard card = finalOf(cards, "employee", "e-017");
            assertThat(card.getPeriodStart()).isEqualTo(NOVEMBER);
            assertThat(card.getTotalFulfillment()).isEqualByComparingTo("99");
            assertThat(card.getBonus()).isEqualByComparingTo("49500");
            assertThat(card.getPayout()).isEqualByComparingTo("109500");
            assertThat(card.getItems())
                    .extracting(ScorecardItem::getKpi)
                    .containsExactly("gross_profit", "new_customers", "aov");
            assertThat(card.getItems().get(0).getFact()).isEqualByComparingTo("900000");
            assertThat(card.getItems().get(1).getFulfillment()).isEqualByComparingTo("120");
        }
    }

    @Test
    void shouldScoreAPlanOnlyFromThePeriodOfItsValidFrom() {
        try (TopologyFixture f = fixture()) {
            // Given a daily plan valid from 3 November, read before a backlog of orders on 2 and 3 November
            f.plan("""
                    - { scope: employee, id: e-9, period: day, validFrom: "2026-11-03T00:00+03:00",
                        kpis: [ { kpi: orders, target: 2, weight: 1 } ] }
                    """);
            f.send(
                    Events.order("o-1", NOV_2, "e-9", "k-1", "10", null, false),
                    Events.order("o-2", NOV_2.plus(java.time.Duration.ofDays(1)), "e-9", "k-2", "10", null, false));

            // When the input ends
            List<Scorecard> finals = f.closeAll().readScorecards().stream()
                    .filter(Scorecard::getFinal$)
                    .toList();

            // Then only the 3rd is scored, as it was live
            assertThat(finals).extracting(Scorecard::getPeriodStart).containsExactly("2026-11-03T00:00+03:00");
            assertThat(finals.get(0).getItems().get(0).getFact()).isEqualByComparingTo("1");
        }
    }

    @Test
    void shouldScoreTheMarketerExampleWithInverseLinearFromEvents() {
        try (TopologyFixture f = fixture()) {
            // Given the marketer's plan and 550 qualified leads, spend 495,000, 27 conversions in 1,000 sessions
            f.plan("""
                    - scope: employee
                      id: m-1
                      period: month
                      plannedBonus: 40000
                      kpis:
                        - { kpi: qualified_leads, target: 500, weight: 0.5 }
                        - { kpi: cpql, target: 1000, weight: 0.4, scoring: inverse_linear }
                        - { kpi: cr, target: 3, weight: 0.1 }
                    """);
            for (int i = 0; i < 550; i++) {
                f.send(LeadEvent.newBuilder()
                        .setEventId("l-" + i)
                        .setOccurredAt(NOV_2.plusSeconds(i))
                        .setEmployeeId("m-1")
                        .setQualified(true)
                        .build());
            }
            f.send(SpendEvent.newBuilder()
                    .setEventId("s-1")
                    .setOccurredAt(NOV_2)
                    .setCampaignId("c-1")
                    .setEmployeeId("m-1")
                    .setAmount(Events.money("495000"))
                    .build());
            for (int i = 0; i < 1000; i++) {
                f.send(SessionEvent.newBuilder()
                        .setEventId("v-" + i)
                        .setOccurredAt(NOV_2.plusSeconds(i))
                        .setEmployeeId("m-1")
                        .setConverted(i < 27)
                        .build());
            }

            // When
            Scorecard card = finalOf(f.closeAll().readScorecards(), "employee", "m-1");

            // Then total 108%, bonus 43,200 of 40,000
            assertThat(card.getTotalFulfillment()).isEqualByComparingTo("108");
            assertThat(card.getBonus()).isEqualByComparingTo("43200");
            assertThat(card.getItems().get(1).getFact()).isEqualByComparingTo("900");
            assertThat(card.getItems().get(1).getFulfillment()).isEqualByComparingTo("110");
            assertThat(card.getItems().get(2).getFact()).isEqualByComparingTo("2.7");
        }
    }

    @Test
    void shouldZeroAnItemBelowItsThreshold() {
        try (TopologyFixture f = fixture()) {
            // Given a threshold of 950,000 gross profit and only 900,000 earned
            f.plan(SALES_PLAN.replace(
                    "{ kpi: gross_profit, target: 1000000, weight: 0.5 }",
                    "{ kpi: gross_profit, target: 1000000, threshold: 950000, weight: 0.5 }"));
            sellSixOrders(f, "e-017");

            // When
            Scorecard card = finalOf(f.closeAll().readScorecards(), "employee", "e-017");

            // Then the item keeps its raw 90% but earns nothing: total 36 + 18 = 54%
            assertThat(card.getItems().get(0).getFulfillment()).isEqualByComparingTo("90");
            assertThat(card.getItems().get(0).getCoefficient()).isEqualByComparingTo("0");
            assertThat(card.getTotalFulfillment()).isEqualByComparingTo("54");
            assertThat(card.getBonus()).isEqualByComparingTo("27000");
        }
    }

    @Test
    void shouldPayCumulativeAndMultiplicativeModelsOnSteps() {
        try (TopologyFixture f = fixture()) {
            // Given two plans on the same facts: steps scoring under cumulative and multiplicative models
            String steps = "steps: [{from: 0, coef: 0}, {from: 500000, coef: 0.5}, {from: 1000000, coef: 1}]";
            f.plan("""
                    - scope: employee
                      id: e-1
                      period: month
                      baseSalary: 100000
                      bonusModel: cumulative
                      kpis:
                        - { kpi: revenue, target: 1000000, scoring: steps, %s }
                        - { kpi: orders, target: 10 }
                    - scope: employee
                      id: e-2
                      period: month
                      baseSalary: 100000
                      bonusModel: multiplicative
                      kpis:
                        - { kpi: revenue, target: 1000000, scoring: steps, %s }
                        - { kpi: orders, target: 10 }
                    """.formatted(steps, steps));
            for (String e : List.of("e-1", "e-2")) {
                for (int i = 0; i < 5; i++) {
                    f.send(order(e + "-o" + i, NOV_2.plusSeconds(i), e, "k", "120000", null, false));
                }
            }

            // When (revenue 600,000: step 0.5; orders 5 of 10: 0.5)
            List<Scorecard> cards = f.closeAll().readScorecards();

            // Then cumulative pays 100,000 x (0.5 + 0.5), multiplicative 100,000 x 0.5 x 0.5
            assertThat(finalOf(cards, "employee", "e-1").getBonus()).isEqualByComparingTo("100000");
            assertThat(finalOf(cards, "employee", "e-2").getBonus()).isEqualByComparingTo("25000");
            assertThat(finalOf(cards, "employee", "e-2").getPayout()).isEqualByComparingTo("125000");
        }
    }

    @Test
    void shouldScoreTheWholePeriodWithAPlanReplacedMidPeriod() {
        try (TopologyFixture f = fixture()) {
            // Given a plan, half the orders, then a replacement plan with a lower target, then the rest
            f.plan(SALES_PLAN);
            f.send(order("o-1", NOV_2, "e-017", "k-1", "300000", "0", true));
            f.plan(SALES_PLAN.replace("target: 1000000", "target: 600000"));
            f.send(order("o-2", NOV_2.plusSeconds(86400 * 10), "e-017", "k-2", "300000", "0", true));

            // When
            Scorecard card = finalOf(f.closeAll().readScorecards(), "employee", "e-017");

            // Then the final uses the new plan on the whole month's facts
            assertThat(card.getItems().get(0).getTarget()).isEqualByComparingTo("600000");
            assertThat(card.getItems().get(0).getFact()).isEqualByComparingTo("600000");
            assertThat(card.getItems().get(0).getFulfillment()).isEqualByComparingTo("100");
        }
    }

    @Test
    void shouldRejectAnInvalidPlanAndKeepTheLastValidOne() {
        try (TopologyFixture f = fixture()) {
            // Given a valid plan, then one whose weights sum to 0.9
            f.plan(SALES_PLAN);
            io.pulse.avro.control.Plan bad =
                    io.pulse.streams.plan.PlanAvro.toAvro(new io.pulse.core.plan.PlanLoader(f.config.catalog())
                            .load(SALES_PLAN)
                            .get(0));
            PlanKpi first = bad.getKpis().get(0);
            first.setWeight(new BigDecimal("0.400000"));
            f.planRaw("employee|e-017|month", bad);
            sellSixOrders(f, "e-017");

            // When
            List<RejectedRecord> dlq = f.readDlq();
            Scorecard card = finalOf(f.closeAll().readScorecards(), "employee", "e-017");

            // Then the DLQ names the problem and the old plan still scores
            assertThat(dlq).hasSize(1);
            assertThat(dlq.get(0).getReason()).startsWith("invalid plan: ").contains("weights");
            assertThat(dlq.get(0).getSourceTopic()).isEqualTo("pulse.plans");
            assertThat(card.getTotalFulfillment()).isEqualByComparingTo("99");
        }
    }

    @Test
    void shouldSumATeamPlanOverItsMembers() {
        try (TopologyFixture f = fixture()) {
            // Given team north of e-1 and e-2 with a revenue plan of 1,000
            f.directory("e-1", "north").directory("e-2", "north");
            f.plan("""
                    - scope: team
                      id: north
                      period: month
                      plannedBonus: 1000
                      kpis:
                        - { kpi: revenue, target: 1000, weight: 1 }
                    """);
            f.send(
                    order("o-1", NOV_2, "e-1", "k-1", "700", null, false),
                    order("o-2", NOV_2, "e-2", "k-2", "550", null, false));

            // When
            Scorecard card = finalOf(f.closeAll().readScorecards(), "team", "north");

            // Then
            assertThat(card.getItems().get(0).getFact()).isEqualByComparingTo("1250");
            assertThat(card.getTotalFulfillment()).isEqualByComparingTo("125");
        }
    }

    @Test
    void shouldPublishLiveScorecardsBeforeThePeriodCloses() {
        try (TopologyFixture f = fixture()) {
            // Given the sales plan and two orders
            f.plan(SALES_PLAN);
            f.send(order("o-1", NOV_2, "e-017", "k-1", "180000", "30000", true));

            // When the emit interval passes
            f.advanceWallClock(java.time.Duration.ofSeconds(1));
            List<Scorecard> cards = f.readScorecards();

            // Then a virtual (non-final) scorecard shows the progress so far
            assertThat(cards)
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.getFinal$()).isFalse());
            assertThat(cards.get(cards.size() - 1).getItems().get(0).getFact()).isEqualByComparingTo("150000");
        }
    }

    @Test
    void shouldLogALiveScorecardInTheCommitThatPublishesIt() {
        // Live values go out as Kafka Streams flushes the aggregates store before a commit (CommitHook); the
        // scorecards store is flushed after it, so a scorecard written by that publish is committed with it.
        try (TopologyFixture f = fixture()) {
            // Given the sales plan and an order, and what the commits so far logged
            f.plan(SALES_PLAN);
            f.send(order("o-1", NOV_2, "e-017", "k-1", "180000", "30000", true));
            f.readScorecards();
            f.readChangelogKeys(PulseTopology.SCORECARDS_STORE);

            // When the emit interval passes: one commit (the driver commits once per step)
            f.advanceWallClock(java.time.Duration.ofSeconds(1));

            // Then the live scorecard it published is in the scorecards store's changelog of that same commit
            assertThat(f.readScorecards()).hasSize(1);
            assertThat(f.readChangelogKeys(PulseTopology.SCORECARDS_STORE))
                    .containsExactly("employee|e-017|month|"
                            + Instant.parse("2026-10-31T21:00:00Z").toEpochMilli());
        }
    }
}
