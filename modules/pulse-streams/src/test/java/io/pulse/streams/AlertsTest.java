package io.pulse.streams;

import static io.pulse.streams.Events.click;
import static io.pulse.streams.Events.order;
import static io.pulse.streams.Events.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.Alert;
import io.pulse.core.alert.AlertRules;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.streams.event.EventType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Threshold, plan and pace alerts (SPEC §5): once per crossing, with stable ids. */
class AlertsTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final Instant MON_10 = Instant.parse("2026-11-02T07:00:00Z");
    private static final Instant MON_08 = Instant.parse("2026-11-02T05:00:00Z");

    /** e-1's monthly plan: revenue 1,000. */
    private static final String MONTHLY_REVENUE_PLAN = """
            - scope: employee
              id: e-1
              period: month
              plannedBonus: 1000
              kpis:
                - { kpi: revenue, target: 1000, weight: 1.0 }
            """;

    private static PulseStreamsConfig.Builder config(List<Map<String, Object>> rules) {
        return PulseStreamsConfig.builder()
                .zone(MOSCOW)
                .currency("RUB")
                .alertRules(AlertRules.parse(rules, KpiCatalog.builtIn()));
    }

    private static Map<String, Object> bounceRule(long minSessions) {
        return Map.of(
                "name",
                "high-bounce",
                "kpi",
                "bounce_rate",
                "scope",
                "campaign",
                "period",
                "day",
                "condition",
                "> 40",
                "minSample",
                Map.of("measure", "sessions", "count", minSessions),
                "severity",
                "warning");
    }

    /** Bounce rate over sessions: 25, 40, 50, 42.9, 37.5, 44.4, 40 (%) once four sessions are in. */
    private static List<Alert> wobble(TopologyFixture f) {
        boolean[] bounced = {true, false, false, false, true, true, false, false, true, false};
        for (int i = 0; i < bounced.length; i++) {
            f.send(session("v-" + i, MON_10.plusSeconds(i), "c-9", bounced[i], false));
        }
        return f.readAlerts();
    }

    @Test
    void shouldAlertOncePerRealCrossingOfAWobblingValue() {
        try (TopologyFixture f = new TopologyFixture(
                config(List.of(bounceRule(4))).closeOnWallClock(false).build(), MON_10)) {
            // When the bounce rate goes over 40%, back under, over again and back under
            List<Alert> alerts = wobble(f);

            // Then two alerts, one per crossing, with value, limit and a readable message
            assertThat(alerts).hasSize(2);
            Alert first = alerts.get(0);
            assertThat(first.getType()).isEqualTo("THRESHOLD");
            assertThat(first.getRule()).isEqualTo("high-bounce");
            assertThat(first.getScope()).isEqualTo("campaign");
            assertThat(first.getScopeId()).isEqualTo("c-9");
            assertThat(first.getValue()).isEqualByComparingTo("50");
            assertThat(first.getLimit()).isEqualByComparingTo("40");
            assertThat(first.getPeriodStart()).isEqualTo("2026-11-02T00:00+03:00");
            assertThat(first.getAt()).isEqualTo(MON_10.plusSeconds(5));
            assertThat(first.getMessage())
                    .isEqualTo(
                            "bounce_rate of campaign c-9 is 50, > 40, over the day 2026-11-02T00:00+03:00 (rule high-bounce)");
            assertThat(alerts.get(1).getValue()).isEqualByComparingTo("44.444444");
            assertThat(alerts.get(1).getAlertId()).isNotEqualTo(first.getAlertId());
        }
    }

    @Test
    void shouldGiveTheSameAlertIdsWhenTheSameInputIsReplayed() {
        PulseStreamsConfig cfg =
                config(List.of(bounceRule(4))).closeOnWallClock(false).build();
        List<Alert> first;
        List<Alert> second;
        try (TopologyFixture f = new TopologyFixture(cfg, MON_10)) {
            first = wobble(f);
        }
        try (TopologyFixture f = new TopologyFixture(cfg, MON_10)) {
            second = wobble(f);
        }
        assertThat(second)
                .extracting(Alert::getAlertId)
                .containsExactlyElementsOf(first.stream().map(Alert::getAlertId).toList());
    }

    @Test
    void shouldSuppressAnAlertBelowTheMinimumSample() {
        try (TopologyFixture f = new TopologyFixture(
                config(List.of(bounceRule(100))).closeOnWallClock(false).build(), MON_10)) {
            // When the same wobble happens on 10 sessions only
            List<Alert> alerts = wobble(f);

            // Then nothing fires
            assertThat(alerts).isEmpty();
        }
    }

    @Test
    void shouldJudgeASlidingWindowRuleOverExactlyTheLastHour() {
        Map<String, Object> rule = Map.of(
                "name", "click-burst", "kpi", "clicks", "scope", "campaign", "window", "PT60M", "condition", "> 2");
        try (TopologyFixture f = new TopologyFixture(
                config(List.of(rule)).closeOnWallClock(false).build(), MON_10)) {
            // Given only clicks (every other topic at its end), at 10:00, 10:20 and 10:50 (three within an hour)
            f.endAllBut(EventType.CLICK);
            f.send(
                    click("k-1", MON_10, "c-1", null),
                    click("k-2", MON_10.plus(Duration.ofMinutes(20)), "c-1", null),
                    click("k-3", MON_10.plus(Duration.ofMinutes(50)), "c-1", null));
            List<Alert> afterThree = f.readAlerts();
            // When 11:30 leaves 10:00 and 10:20 behind (2 in the hour), then 11:40 makes it 3 again
            f.send(click("k-4", MON_10.plus(Duration.ofMinutes(90)), "c-1", null));
            List<Alert> afterFour = f.readAlerts();
            f.send(click("k-5", MON_10.plus(Duration.ofMinutes(100)), "c-1", null));
            List<Alert> afterFive = f.readAlerts();

            // Then it fired at 10:50, re-armed at 11:30 and fired again at 11:40, over the hour ending at the event
            assertThat(afterThree).singleElement().satisfies(a -> {
                assertThat(a.getValue()).isEqualByComparingTo("3");
                assertThat(a.getPeriod()).isEqualTo("PT1H");
                assertThat(a.getPeriodStart())
                        .isEqualTo(MON_10.plus(Duration.ofMinutes(50))
                                .plusSeconds(1)
                                .minus(Duration.ofHours(1))
                                .toString());
            });
            assertThat(afterFour).isEmpty();
            assertThat(afterFive)
                    .singleElement()
                    .satisfies(a -> assertThat(a.getValue()).isEqualByComparingTo("3"));
        }
    }

    private static final String REVENUE_DAY_PLAN = """
            - scope: employee
              id: e-5
              period: day
              plannedBonus: 1000
              kpis:
                - { kpi: revenue, target: 100000, weight: 1 }
            """;

    @Test
    void shouldWarnPaceBehindForAnEmployeeWithNoEventsOnWallClockAlone() {
        try (TopologyFixture f = new TopologyFixture(config(List.of()).build(), MON_08)) {
            // Given a daily plan at 08:00 Moscow time and no events at all
            f.plan(REVENUE_DAY_PLAN);

            // When wall-clock time reaches 09:30 (under a tenth of the 9-hour working day), then 10:00, passing
            // second by second as a running service sees it
            f.advanceWallClock(Duration.ofMinutes(90));
            List<Alert> early = f.readAlerts();
            f.advanceWallClock(Duration.ofMinutes(30));
            List<Alert> by10 = f.readAlerts();

            // Then nothing in the first tenth; PACE_BEHIND once as the tenth (09:54) passes, with the expected
            // progress of that moment and the projection
            assertThat(early).isEmpty();
            assertThat(by10).singleElement().satisfies(a -> {
                assertThat(a.getType()).isEqualTo("PACE_BEHIND");
                assertThat(a.getKpi()).isEqualTo("revenue");
                assertThat(a.getScopeId()).isEqualTo("e-5");
                assertThat(a.getValue()).isEqualByComparingTo("0");
                Instant at = a.getAt();
                assertThat(at).isBetween(MON_08.plus(Duration.ofMinutes(114)), MON_08.plus(Duration.ofMinutes(115)));
                long elapsedSeconds =
                        Duration.between(MON_08.plus(Duration.ofHours(1)), at).toSeconds();
                assertThat(a.getExpected())
                        .isEqualByComparingTo(new BigDecimal(100_000L * elapsedSeconds)
                                .divide(new BigDecimal(9 * 3600), 6, RoundingMode.HALF_UP));
                assertThat(a.getProjection()).isEqualByComparingTo("0");
                assertThat(a.getMessage()).contains("has 0% of the day's revenue plan at 09:54");
            });
        }
    }

    @Test
    void shouldSayPaceRecoveredWhenTheFactCatchesUp() {
        try (TopologyFixture f = new TopologyFixture(config(List.of()).build(), MON_08)) {
            // Given PACE_BEHIND at 10:00
            f.plan(REVENUE_DAY_PLAN);
            f.advanceWallClock(Duration.ofHours(2));
            assertThat(f.readAlerts()).extracting(Alert::getType).containsExactly("PACE_BEHIND");

            // When an order of 50,000 arrives at 10:00 (and the reading task's next flush forwards it)
            f.send(order("o-1", MON_10, "e-5", "k-1", "50000", null, false));
            f.advanceWallClock(Duration.ofMillis(100));

            // Then
            assertThat(f.readAlerts()).singleElement().satisfies(a -> {
                assertThat(a.getType()).isEqualTo("PACE_RECOVERED");
                assertThat(a.getValue()).isEqualByComparingTo("50000");
            });
        }
    }

    @Test
    void shouldNotJudgePaceOutsideWorkingTime() {
        Instant saturdayNoon = Instant.parse("2026-11-07T09:00:00Z");
        try (TopologyFixture f = new TopologyFixture(config(List.of()).build(), saturdayNoon)) {
            // Given a daily plan on a Saturday, with no events
            f.plan(REVENUE_DAY_PLAN);

            // When the afternoon passes
            f.advanceWallClock(Duration.ofHours(3));
            f.advanceWallClock(Duration.ofHours(3));

            // Then no pace alert: Saturday has no working time
            assertThat(f.readAlerts()).isEmpty();
        }
    }

    @Test
    void shouldAlertPlanMetChallengeMetAndBelowThresholdAtClose() {
        try (TopologyFixture f =
                new TopologyFixture(config(List.of()).closeOnWallClock(false).build(), MON_10)) {
            // Given a monthly revenue plan (target 1,000, challenge 1,500) and an orders plan under its threshold
            f.plan("""
                    - scope: employee
                      id: e-1
                      period: month
                      plannedBonus: 1000
                      kpis:
                        - { kpi: revenue, target: 1000, challenge: 1500, weight: 0.5 }
                        - { kpi: orders, target: 10, threshold: 5, weight: 0.5 }
                    """);

            // When revenue reaches 600, 1,100 and 1,600 in three orders, and the month closes
            f.send(order("o-1", MON_10, "e-1", "k", "600", null, false));
            f.send(order("o-2", MON_10.plusSeconds(60), "e-1", "k", "500", null, false));
            f.send(order("o-3", MON_10.plusSeconds(120), "e-1", "k", "500", null, false));
            List<Alert> alerts = f.closeAll().readAlerts();

            // Then PLAN_MET at 1,100, CHALLENGE_MET at 1,600, and BELOW_THRESHOLD for orders at close
            assertThat(alerts)
                    .extracting(a -> a.getType() + " " + a.getKpi())
                    .containsExactly("PLAN_MET revenue", "CHALLENGE_MET revenue", "BELOW_THRESHOLD orders");
            assertThat(alerts.get(0).getValue()).isEqualByComparingTo("1100");
            assertThat(alerts.get(2).getLimit()).isEqualByComparingTo("5");
            assertThat(alerts.get(2).getAt()).isEqualTo(Instant.parse("2026-11-30T21:00:00Z"));
        }
    }

    @Test
    void shouldAlertPlanMetForAPlanReadAfterTheEventsThatMetIt() {
        try (TopologyFixture f =
                new TopologyFixture(config(List.of()).closeOnWallClock(false).build(), MON_10)) {
            // Given revenue of 1,100 already counted for e-1 this month, with orders the only topic still open (so the
            // aggregator knows the latest event time)
            f.endAllBut(io.pulse.streams.event.EventType.ORDER);
            f.send(order("o-1", MON_10, "e-1", "k", "600", null, false));
            f.send(order("o-2", MON_10.plusSeconds(60), "e-1", "k", "500", null, false));

            // When the monthly plan (target 1,000) is read only then, and one more order follows
            f.plan(MONTHLY_REVENUE_PLAN);
            f.send(order("o-3", MON_10.plusSeconds(120), "e-1", "k", "100", null, false));
            List<Alert> alerts = f.closeAll().readAlerts();

            // Then PLAN_MET once, as if the plan had come first: the whole plan is met too
            assertThat(alerts)
                    .extracting(a -> a.getType() + " " + a.getKpi())
                    .containsExactlyInAnyOrder("PLAN_MET revenue", "PLAN_MET total");
            assertThat(alerts.get(0).getValue()).isEqualByComparingTo("1100");
        }
    }

    @Test
    void shouldAlertPlanMetForAPlanReadAfterDeltasBeforeAnyWatermark() {
        try (TopologyFixture f = new TopologyFixture(config(List.of()).build(), MON_10)) {
            // Given a live service whose empty topics still hold the watermark back (not idle yet), so the aggregator
            // has deltas for e-1 but no mark yet: revenue of 1,100 this month
            f.send(order("o-1", MON_10, "e-1", "k", "600", null, false));
            f.send(order("o-2", MON_10.plusSeconds(60), "e-1", "k", "500", null, false));
            assertThat(f.readAlerts()).isEmpty();

            // When the monthly plan (target 1,000) is read
            f.plan(MONTHLY_REVENUE_PLAN);

            // Then it is judged at once against the latest event time the deltas carried: PLAN_MET
            assertThat(f.readAlerts())
                    .extracting(a -> a.getType() + " " + a.getKpi())
                    .containsExactlyInAnyOrder("PLAN_MET revenue", "PLAN_MET total");
        }
    }
}
