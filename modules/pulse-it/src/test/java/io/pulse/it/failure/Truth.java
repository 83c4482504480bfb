package io.pulse.it.failure;

import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.kpi.KpiValue;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.ScoreResult;
import io.pulse.core.plan.Scorer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What Pulse must publish for a workload, computed here from the events with pulse-core's measures, KPI formulas,
 * periods and scorer, independently of the topology: every window's measures (repeats of an eventId counted once,
 * distinct customers per window), its final KPI rows, the final scorecard of every plan period and the plan alerts
 * that period must have raised. Windows "certainly closed" are those whose end plus grace the slowest input
 * partition passed by event time alone; later windows may or may not be final yet, but if they are, they must be right.
 */
final class Truth {
    /** A window: scope, id, period kind and start. */
    record Window(Scope scope, String id, PeriodKind kind, Instant start) {}

    /** An expected final KPI row, by its output key. */
    record Row(String key, Window window, String kpi, KpiValue value) {}

    private final ZoneId zone;
    private final Duration grace;
    private final KpiCatalog catalog;
    private final Map<Window, MeasureVector> windows = new HashMap<>();
    private final Map<Window, Set<String>> customers = new HashMap<>();
    private final Map<String, String> teamOf = new HashMap<>();
    private final List<Plan> plans;
    private final Instant closedUpTo;
    private final Instant firstEvent;
    private final int distinctEvents;

    /**
     * @param partitions the partition each event went to (send order), to find the slowest partition's progress
     */
    Truth(Workload workload, int[] partitions, ZoneId zone, Duration grace, KpiCatalog catalog) {
        this.zone = zone;
        this.grace = grace;
        this.catalog = catalog;
        this.plans = workload.plans();
        for (DirectoryEntry d : workload.directory()) {
            teamOf.put(d.employee(), d.team());
        }
        Set<String> seen = new HashSet<>();
        Map<String, Instant> progress = new HashMap<>();
        Instant first = null;
        for (int i = 0; i < workload.events().size(); i++) {
            Workload.Event e = workload.events().get(i);
            progress.merge(e.type() + "-" + partitions[i], e.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
            if (!seen.add(e.type() + "|" + e.eventId())) {
                continue;
            }
            first = first == null || e.occurredAt().isBefore(first) ? e.occurredAt() : first;
            add(e);
        }
        this.distinctEvents = seen.size();
        this.firstEvent = first;
        this.closedUpTo = progress.values().stream().min(Instant::compareTo).orElseThrow();
    }

    private void add(Workload.Event e) {
        MeasureVector.Builder b = MeasureVector.builder();
        switch (e.type()) {
            case "impression" -> {
                b.add(Measure.IMPRESSIONS, 1);
                if (e.amount() != null) {
                    b.add(Measure.SPEND, e.amount());
                }
            }
            case "click" -> b.add(Measure.CLICKS, 1).add(Measure.SPEND, e.amount());
            case "session" -> {
                b.add(Measure.SESSIONS, 1);
                if (e.flagA()) {
                    b.add(Measure.BOUNCES, 1);
                }
                if (e.flagB()) {
                    b.add(Measure.CONVERSIONS, 1);
                }
            }
            case "lead" -> {
                b.add(Measure.LEADS, 1);
                if (e.flagA()) {
                    b.add(Measure.QUALIFIED_LEADS, 1);
                }
            }
            case "order" -> {
                b.add(Measure.ORDERS, 1).add(Measure.REVENUE, e.amount());
                if (e.cost() != null) {
                    b.add(Measure.COGS, e.cost());
                }
                if (e.flagA()) {
                    b.add(Measure.NEW_CUSTOMERS, 1);
                }
            }
            default -> throw new IllegalStateException(e.type());
        }
        MeasureVector m = b.build();
        Map<Scope, String> scopes = new LinkedHashMap<>();
        scopes.put(Scope.COMPANY, Scope.COMPANY_ID);
        if (e.campaign() != null) {
            scopes.put(Scope.CAMPAIGN, e.campaign());
        }
        if (e.channel() != null) {
            scopes.put(Scope.CHANNEL, e.channel());
        }
        if (e.employee() != null) {
            scopes.put(Scope.EMPLOYEE, e.employee());
            String team = teamOf.get(e.employee());
            if (team != null) {
                scopes.put(Scope.TEAM, team);
            }
        }
        for (Map.Entry<Scope, String> s : scopes.entrySet()) {
            for (PeriodKind kind : PeriodKind.values()) {
                Window w = new Window(
                        s.getKey(),
                        s.getValue(),
                        kind,
                        Period.containing(kind, e.occurredAt(), zone).start());
                MeasureVector add = m;
                if (e.customer() != null
                        && customers.computeIfAbsent(w, k -> new HashSet<>()).add(e.customer())) {
                    add = m.plus(
                            MeasureVector.builder().add(Measure.CUSTOMERS, 1).build());
                }
                windows.merge(w, add, MeasureVector::plus);
            }
        }
    }

    int distinctEvents() {
        return distinctEvents;
    }

    /** Where the slowest input partition's event time ended. */
    Instant closedUpTo() {
        return closedUpTo;
    }

    Period period(Window w) {
        return Period.startingAt(w.kind(), w.start(), zone);
    }

    /** Whether the window's end plus grace is at or before the slowest partition's progress. */
    boolean certainlyClosed(Period p) {
        return !p.end().plus(grace).isAfter(closedUpTo);
    }

    MeasureVector measures(Window w) {
        return windows.getOrDefault(w, MeasureVector.EMPTY);
    }

    /** Every final KPI row of every window with events, by output key. */
    Map<String, Row> finals() {
        Map<String, Row> rows = new TreeMap<>();
        for (Map.Entry<Window, MeasureVector> e : windows.entrySet()) {
            Window w = e.getKey();
            Period p = period(w);
            MeasureVector previous = windows.get(
                    new Window(w.scope(), w.id(), w.kind(), p.previous().start()));
            for (Kpi kpi : catalog.all()) {
                if (kpi.appliesTo(e.getValue())) {
                    String key = key(kpi.id(), w.scope().id(), w.id(), w.kind().id(), p.name());
                    rows.put(key, new Row(key, w, kpi.id(), kpi.compute(e.getValue(), previous)));
                }
            }
        }
        return rows;
    }

    static String key(String kpi, String scope, String id, String kind, String periodStart) {
        return kpi + '|' + scope + '|' + id + '|' + kind + '|' + periodStart;
    }

    /** A plan's score for one of its periods, from the truth's measures. */
    ScoreResult score(Plan plan, Period p) {
        Window w = new Window(plan.scope(), plan.id(), plan.period(), p.start());
        MeasureVector v = measures(w);
        MeasureVector previous = windows.get(
                new Window(plan.scope(), plan.id(), plan.period(), p.previous().start()));
        return Scorer.score(
                plan, catalog, kpiId -> catalog.get(kpiId).compute(v, previous).value());
    }

    List<Plan> plans() {
        return plans;
    }

    /** The plan periods from the one of the first event to the last certainly closed one. */
    List<Period> closedPlanPeriods(Plan plan) {
        List<Period> out = new ArrayList<>();
        for (Period p = Period.containing(plan.period(), firstEvent, zone); certainlyClosed(p); p = p.next()) {
            out.add(p);
        }
        return out;
    }

    ZoneId zone() {
        return zone;
    }
}
