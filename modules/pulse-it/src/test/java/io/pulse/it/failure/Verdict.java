package io.pulse.it.failure;

import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import io.pulse.core.period.Period;
import io.pulse.core.plan.ItemScore;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanItem;
import io.pulse.core.plan.ScoreResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every scenario must show, outputs against the {@link Truth}:
 * <ul>
 *   <li>every final equals the truth, and there is exactly one final per window key; every window the slowest
 *       partition's event time has closed has its finals;</li>
 *   <li>every final scorecard is right and there is exactly one per plan period; every closed plan period has one;</li>
 *   <li>every plan alert (PLAN_MET, CHALLENGE_MET, BELOW_THRESHOLD) of a closed period exactly once, none that should
 *       not be, no alert id twice;</li>
 *   <li>nothing in the late topic (no event of the workloads is late in its partition).</li>
 * </ul>
 */
final class Verdict {
    private static final int SCALE = io.pulse.core.kpi.KpiValue.SCALE;
    private static final Set<String> PLAN_TYPES = Set.of("PLAN_MET", "CHALLENGE_MET", "BELOW_THRESHOLD");

    final List<String> problems = new ArrayList<>();
    int finals;
    int missingFinals;
    int requiredFinals;
    int missingScorecards;
    int requiredScorecards;

    private Verdict() {}

    static Verdict of(Truth truth, Outputs out) {
        Verdict v = new Verdict();
        v.checkFinals(truth, out);
        v.checkScorecards(truth, out);
        v.checkAlerts(truth, out);
        for (Outputs.Out<io.pulse.avro.outputs.RejectedRecord> late : out.late) {
            v.problems.add("late record that was not late in its partition: "
                    + late.value().getEventType() + " "
                    + late.value().getEventId() + ": " + late.value().getReason()
                    + " (" + late.value().getSourceTopic() + "/" + late.value().getPartition() + "@"
                    + late.value().getOffset() + ")");
        }
        return v;
    }

    /** Every required output is there (the scenario may stop waiting and judge). */
    boolean complete() {
        return missingFinals == 0 && missingScorecards == 0;
    }

    boolean clean() {
        return problems.isEmpty();
    }

    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(finals)
                .append(" finals read; ")
                .append(requiredFinals - missingFinals)
                .append('/')
                .append(requiredFinals)
                .append(" required finals and ")
                .append(requiredScorecards - missingScorecards)
                .append('/')
                .append(requiredScorecards)
                .append(" required final scorecards present; ")
                .append(problems.size())
                .append(" problem(s)");
        // A few of each kind, so one flood (say, late records) does not hide the others.
        Map<String, List<String>> byKind = new java.util.LinkedHashMap<>();
        for (String p : problems) {
            String kind = p.startsWith("final ")
                    ? "finals"
                    : p.startsWith("late ")
                            ? "late"
                            : p.contains("scorecard") ? "scorecards" : p.contains("alert") ? "alerts" : "other";
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(p);
        }
        byKind.forEach((kind, list) -> {
            sb.append("\n  ").append(kind).append(": ").append(list.size());
            list.stream().limit(12).forEach(p -> sb.append("\n  - ").append(p));
        });
        return sb.toString();
    }

    private void checkFinals(Truth truth, Outputs out) {
        Map<String, Truth.Row> expected = truth.finals();
        Map<String, List<KpiValue>> byKey = new HashMap<>();
        for (Outputs.Out<KpiValue> o : out.finals) {
            KpiValue f = o.value();
            byKey.computeIfAbsent(
                            Truth.key(f.getKpi(), f.getScope(), f.getScopeId(), f.getPeriod(), f.getPeriodStart()),
                            k -> new ArrayList<>())
                    .add(f);
        }
        finals = out.finals.size();
        int wrong = 0;
        for (Map.Entry<String, List<KpiValue>> e : byKey.entrySet()) {
            if (e.getValue().size() != 1) {
                problems.add(e.getValue().size() + " finals for " + e.getKey());
            }
            Truth.Row row = expected.get(e.getKey());
            KpiValue f = e.getValue().get(0);
            if (row == null) {
                problems.add(
                        "final for a window/KPI without events in the truth: " + e.getKey() + " = " + f.getValue());
            } else if (!same(f.getValue(), row.value().value())
                    || !same(f.getNumerator(), row.value().numerator())
                    || !same(f.getDenominator(), row.value().denominator())) {
                if (wrong++ < 25) {
                    problems.add("final " + e.getKey() + " is " + f.getValue() + " (" + f.getNumerator() + "/"
                            + f.getDenominator() + "), truth " + row.value().value() + " ("
                            + row.value().numerator() + "/"
                            + row.value().denominator() + ")");
                }
            }
        }
        if (wrong > 25) {
            problems.add((wrong - 25) + " more finals differ from the truth");
        }
        List<String> missing = new ArrayList<>();
        for (Truth.Row row : expected.values()) {
            if (truth.certainlyClosed(truth.period(row.window()))) {
                requiredFinals++;
                if (!byKey.containsKey(row.key())) {
                    missing.add(row.key());
                }
            }
        }
        missingFinals = missing.size();
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " finals of closed windows missing, e.g. "
                    + missing.stream().limit(8).toList());
        }
    }

    private void checkScorecards(Truth truth, Outputs out) {
        Map<String, Plan> plans = truth.plans().stream()
                .collect(Collectors.toMap(
                        p -> p.scope().id() + "|" + p.id() + "|" + p.period().id(), p -> p));
        Map<String, List<Scorecard>> byKey = new HashMap<>();
        for (Outputs.Out<Scorecard> o : out.scorecards) {
            Scorecard s = o.value();
            byKey.computeIfAbsent(
                            s.getScope() + "|" + s.getScopeId() + "|" + s.getPeriod() + "|" + s.getPeriodStart(),
                            k -> new ArrayList<>())
                    .add(s);
        }
        for (Map.Entry<String, List<Scorecard>> e : byKey.entrySet()) {
            if (e.getValue().size() != 1) {
                problems.add(e.getValue().size() + " final scorecards for " + e.getKey());
            }
            Scorecard s = e.getValue().get(0);
            Plan plan = plans.get(s.getScope() + "|" + s.getScopeId() + "|" + s.getPeriod());
            if (plan == null) {
                problems.add("final scorecard of no plan: " + e.getKey());
                continue;
            }
            Period p = Period.parse(plan.period(), s.getPeriodStart(), truth.zone());
            ScoreResult want = truth.score(plan, p);
            for (int i = 0; i < want.items().size(); i++) {
                ItemScore item = want.items().get(i);
                ScorecardItem got = s.getItems().stream()
                        .filter(x -> x.getKpi().equals(item.kpi()))
                        .findFirst()
                        .orElse(null);
                if (got == null || !same(got.getFact(), item.fact())) {
                    problems.add("final scorecard " + e.getKey() + " " + item.kpi() + " fact "
                            + (got == null ? "missing" : got.getFact()) + ", truth " + item.fact());
                }
            }
            if (!same(s.getTotalFulfillment(), want.totalFulfillment()) || !same(s.getBonus(), want.bonus())) {
                problems.add("final scorecard " + e.getKey() + " total " + s.getTotalFulfillment() + " bonus "
                        + s.getBonus() + ", truth " + want.totalFulfillment() + " / " + want.bonus());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Plan plan : truth.plans()) {
            for (Period p : truth.closedPlanPeriods(plan)) {
                requiredScorecards++;
                String key = plan.scope().id() + "|" + plan.id() + "|"
                        + plan.period().id() + "|" + p.name();
                if (!byKey.containsKey(key)) {
                    missing.add(key);
                }
            }
        }
        missingScorecards = missing.size();
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " final scorecards of closed periods missing, e.g. "
                    + missing.stream().limit(6).toList());
        }
    }

    private void checkAlerts(Truth truth, Outputs out) {
        Map<String, Long> ids =
                out.alerts.stream().collect(Collectors.groupingBy(a -> a.value().getAlertId(), Collectors.counting()));
        ids.forEach((id, n) -> {
            if (n > 1) {
                problems.add("alert id " + id + " published " + n + " times");
            }
        });
        Map<String, List<Alert>> byCrossing = new HashMap<>();
        for (Outputs.Out<Alert> o : out.alerts) {
            Alert a = o.value();
            if (PLAN_TYPES.contains(a.getType())) {
                byCrossing
                        .computeIfAbsent(
                                crossing(a.getType(), a.getScope(), a.getScopeId(), a.getPeriodStart(), a.getKpi()),
                                k -> new ArrayList<>())
                        .add(a);
            }
        }
        Map<String, Boolean> judged = new HashMap<>();
        for (Plan plan : truth.plans()) {
            for (Period p : truth.closedPlanPeriods(plan)) {
                ScoreResult s = truth.score(plan, p);
                for (int i = 0; i < plan.items().size(); i++) {
                    PlanItem item = plan.items().get(i);
                    ItemScore score = s.items().get(i);
                    judged.put(crossing("PLAN_MET", plan, p, item.kpi()), score.targetMet());
                    if (item.challenge() != null) {
                        judged.put(crossing("CHALLENGE_MET", plan, p, item.kpi()), score.challengeMet());
                    }
                    if (item.threshold() != null) {
                        judged.put(crossing("BELOW_THRESHOLD", plan, p, item.kpi()), score.belowThreshold());
                    }
                }
                judged.put(
                        crossing("PLAN_MET", plan, p, "total"),
                        s.totalFulfillment() != null && s.totalFulfillment().compareTo(BigDecimal.valueOf(100)) >= 0);
            }
        }
        judged.forEach((key, due) -> {
            int n = byCrossing.getOrDefault(key, List.of()).size();
            if (due && n != 1) {
                problems.add("plan alert " + key + " published " + n + " times, due once");
            } else if (!due && n != 0) {
                problems.add("plan alert " + key + " published " + n + " times, not due");
            }
        });
        byCrossing.forEach((key, list) -> {
            if (!judged.containsKey(key) && list.size() > 1) {
                problems.add("plan alert " + key + " (open period) published " + list.size() + " times");
            }
        });
    }

    private static String crossing(String type, Plan plan, Period p, String kpi) {
        return crossing(type, plan.scope().id(), plan.id(), p.name(), kpi);
    }

    private static String crossing(String type, String scope, String id, String periodStart, String kpi) {
        return type + "|" + scope + "|" + id + "|" + periodStart + "|" + kpi;
    }

    private static boolean same(BigDecimal got, BigDecimal want) {
        if (got == null || want == null) {
            return got == null && want == null;
        }
        return got.setScale(SCALE, RoundingMode.HALF_EVEN).compareTo(want.setScale(SCALE, RoundingMode.HALF_EVEN)) == 0;
    }
}
