package io.pulse.streams.processor;

import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import io.pulse.core.alert.AlertIds;
import io.pulse.core.alert.AlertType;
import io.pulse.core.alert.Severity;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.pace.Pace;
import io.pulse.core.pace.PaceStatus;
import io.pulse.core.period.Period;
import io.pulse.core.plan.BonusModel;
import io.pulse.core.plan.ItemScore;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanItem;
import io.pulse.core.plan.Projection;
import io.pulse.core.plan.ScoreResult;
import io.pulse.core.plan.Scorer;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.state.WindowKey;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Plans held against the aggregates of their scope (SPEC §4, §5): live and final scorecards, PLAN_MET and
 * CHALLENGE_MET on crossing, BELOW_THRESHOLD at period close, and pace (PACE_BEHIND, PACE_RECOVERED). A plan
 * applies to every period of its kind; each plan remembers the earliest of its periods not yet final, so a
 * period closes with a final scorecard even when its scope had no events at all.
 */
final class PlanEngine {
    /** At most this many periods of one plan are closed in one pass (after a long outage, say). */
    private static final int MAX_PERIODS_PER_PASS = 400;

    private final KpiCatalog catalog;
    private final ZoneId zone;
    private final String currency;
    private final long graceMs;
    private final PulseStreamsConfig config;
    private final KeyValueStore<String, Plan> plans;
    private final KeyValueStore<String, Long> openPeriods;
    private final KeyValueStore<String, Scorecard> scorecards;
    private final KeyValueStore<Bytes, MeasureVector> aggregates;
    private final Alerts alerts;
    private final Function<WindowKey, MeasureVector> previousWindow;
    private final BiConsumer<String, Scorecard> emitScorecard;
    private final BiConsumer<String, Alert> emitAlert;
    private final Map<String, Plan> cache = new HashMap<>();
    /**
     * Scorecards to publish at the next emit: plan key to period start. Stays empty without live outputs (replay),
     * where only final scorecards are written.
     */
    private final Map<String, Long> dirty = new LinkedHashMap<>();

    private final boolean live;

    private long nextCloseAt = Long.MIN_VALUE;
    private java.util.Set<String> planKeys;
    /** The latest time seen (event or wall clock): "now" for the scorecards' projection. */
    private long asOf = Long.MIN_VALUE;

    PlanEngine(
            PulseStreamsConfig config,
            KpiCatalog catalog,
            KeyValueStore<String, Plan> plans,
            KeyValueStore<String, Long> openPeriods,
            KeyValueStore<String, Scorecard> scorecards,
            KeyValueStore<Bytes, MeasureVector> aggregates,
            Alerts alerts,
            Function<WindowKey, MeasureVector> previousWindow,
            BiConsumer<String, Scorecard> emitScorecard,
            BiConsumer<String, Alert> emitAlert) {
        this.config = config;
        this.catalog = catalog;
        this.zone = config.zone();
        this.currency = config.currency();
        this.graceMs = config.grace().toMillis();
        this.plans = plans;
        this.openPeriods = openPeriods;
        this.scorecards = scorecards;
        this.aggregates = aggregates;
        this.alerts = alerts;
        this.previousWindow = previousWindow;
        this.emitScorecard = emitScorecard;
        this.emitAlert = emitAlert;
        this.live = config.liveOutputs();
    }

    /** Marks a plan's scorecard for the next emit, when live scorecards are published at all. */
    private void changed(String key, long periodStart) {
        if (live) {
            dirty.put(key, periodStart);
        }
    }

    /** Keys of every plan in the store, so that the many windows without a plan cost no store read. */
    private java.util.Set<String> keys() {
        if (planKeys == null) {
            planKeys = new java.util.HashSet<>();
            try (KeyValueIterator<String, Plan> it = plans.all()) {
                it.forEachRemaining(kv -> planKeys.add(kv.key));
            }
        }
        return planKeys;
    }

    private Plan plan(String key) {
        if (!keys().contains(key)) {
            return null;
        }
        Plan cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Plan stored = plans.get(key);
        if (stored == null) {
            return null;
        }
        Plan p = stored.resolve(catalog);
        cache.put(key, p);
        return p;
    }

    /**
     * A plan was set (or deleted with {@code null}); it scores from the period of its {@code validFrom}, or of
     * {@code now} (the horizon) without one. {@code watermark}: periods closed at it cannot be opened again.
     */
    void onPlanUpdate(String key, Plan plan, long now, long watermark) {
        cache.remove(key);
        if (plan == null) {
            keys().remove(key);
            plans.delete(key);
            openPeriods.delete(key);
            dirty.remove(key);
            return;
        }
        plans.put(key, plan);
        keys().add(key);
        Plan p = plan(key);
        // From its validFrom (event time) where it has one, so a backlog scores the periods live did; else from now.
        long from = p.validFrom() != null ? p.validFrom().toEpochMilli() : now;
        if (from != Long.MIN_VALUE) {
            Period first = Period.containing(p.period(), Instant.ofEpochMilli(from), zone);
            Long open = openPeriods.get(key);
            if (open == null
                    || (p.validFrom() != null
                            && first.start().toEpochMilli() < open
                            && first.end().toEpochMilli() + graceMs > watermark)) {
                openPeriods.put(key, first.start().toEpochMilli());
            }
            long current = now == Long.MIN_VALUE ? from : Math.max(now, from);
            changed(
                    key,
                    Period.containing(p.period(), Instant.ofEpochMilli(current), zone)
                            .start()
                            .toEpochMilli());
            judgeOpenPeriods(key, p, now, watermark);
        }
        nextCloseAt = Long.MIN_VALUE; // re-scan on the next close check
    }

    /**
     * Judges a plan just read against what its open periods hold already, up to the latest event time: a plan read
     * after the events that met its target still raises PLAN_MET, so plan alerts do not depend on whether the plan
     * or the events were read first (SPEC §9). A crossing already raised is not raised again.
     */
    private void judgeOpenPeriods(String key, Plan p, long now, long watermark) {
        Long open = openPeriods.get(key);
        if (open == null || now == Long.MIN_VALUE) {
            return;
        }
        Period period = Period.startingAt(p.period(), Instant.ofEpochMilli(open), zone);
        long applies = appliesFrom(p); // as for any window change
        int n = 0;
        while (period.start().toEpochMilli() <= now && n++ < MAX_PERIODS_PER_PASS) {
            if (period.end().toEpochMilli() + graceMs > watermark
                    && period.start().toEpochMilli() >= applies) {
                WindowKey wk = new WindowKey(
                        p.scope(), p.id(), p.period(), period.start().toEpochMilli());
                MeasureVector v = aggregates.get(wk.toBytes());
                if (v != null) {
                    planAlerts(
                            p,
                            period,
                            score(p, wk, v),
                            Math.min(now, period.end().toEpochMilli() - 1));
                }
            }
            period = period.next();
        }
    }

    /** Start of the first period a plan scores: the one its validFrom falls in; without one, any. */
    private long appliesFrom(Plan p) {
        return p.validFrom() == null
                ? Long.MIN_VALUE
                : Period.containing(p.period(), p.validFrom(), zone).start().toEpochMilli();
    }

    /**
     * A window of a scope changed: plan alerts at {@code at} (the latest event time folded in), pace at the
     * watermark {@code paceAt} (none yet: {@link Long#MIN_VALUE}), scorecard at the next emit.
     */
    void onWindowChanged(WindowKey wk, MeasureVector v, long at, long paceAt) {
        if (keys().isEmpty()) {
            return;
        }
        String key = Plan.key(wk.scope(), wk.id(), wk.kind());
        Plan p = plan(key);
        if (p == null) {
            return;
        }
        if (wk.start() < appliesFrom(p)) {
            return; // before the plan applies
        }
        Long open = openPeriods.get(key);
        if (open == null || wk.start() < open) {
            openPeriods.put(key, wk.start());
            long closeAt = Period.startingAt(wk.kind(), Instant.ofEpochMilli(wk.start()), zone)
                            .end()
                            .toEpochMilli()
                    + graceMs;
            if (nextCloseAt != Long.MIN_VALUE) { // unknown: the next close check scans every plan
                nextCloseAt = Math.min(nextCloseAt, closeAt);
            }
        }
        Period period = Period.startingAt(wk.kind(), Instant.ofEpochMilli(wk.start()), zone);
        asOf = Math.max(asOf, at);
        ScoreResult score = score(p, wk, v);
        planAlerts(p, period, score, at);
        if (paceAt != Long.MIN_VALUE) {
            pace(p, period, score, paceAt);
        }
        changed(key, wk.start());
    }

    /** Whether a scorecard changed since the last emit. */
    boolean hasChanges() {
        return !dirty.isEmpty();
    }

    /** Publishes the scorecards changed since the last emit. */
    void publish() {
        if (dirty.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Long>> batch = new ArrayList<>(dirty.entrySet());
        dirty.clear();
        for (Map.Entry<String, Long> e : batch) {
            Plan p = plan(e.getKey());
            if (p != null) {
                WindowKey wk = new WindowKey(p.scope(), p.id(), p.period(), e.getValue());
                Period period = Period.startingAt(p.period(), Instant.ofEpochMilli(e.getValue()), zone);
                emitScorecard(p, period, score(p, wk, aggregates.get(wk.toBytes())), false);
            }
        }
    }

    /**
     * Closes every plan period whose end plus grace is at or before {@code closeTime}, up to the period that
     * contains {@code horizon} (the latest event time, or wall-clock time when it closes windows): a final
     * scorecard and BELOW_THRESHOLD for each item under its threshold.
     */
    void closeDue(long closeTime, long horizon) {
        if (nextCloseAt != Long.MIN_VALUE && nextCloseAt > closeTime) {
            return;
        }
        long next = Long.MAX_VALUE;
        List<KeyValue<String, Plan>> all = new ArrayList<>();
        try (KeyValueIterator<String, Plan> it = plans.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, Plan> kv : all) {
            Plan p = plan(kv.key);
            Long open = openPeriods.get(kv.key);
            if (open == null) {
                if (horizon == Long.MIN_VALUE) {
                    continue;
                }
                // The earliest period still open: the watermark's (the horizon may be far ahead of it in a backlog).
                long first = closeTime == Long.MAX_VALUE || closeTime == Long.MIN_VALUE
                        ? horizon
                        : Math.min(closeTime, horizon);
                open = Period.containing(p.period(), Instant.ofEpochMilli(first), zone)
                        .start()
                        .toEpochMilli();
                // A plan read before time was known: its current period's scorecard is published now that it is.
                changed(kv.key, open);
            }
            Period period = Period.startingAt(p.period(), Instant.ofEpochMilli(open), zone);
            int n = 0;
            while (period.end().toEpochMilli() + graceMs <= closeTime
                    && period.start().toEpochMilli() <= horizon
                    && n++ < MAX_PERIODS_PER_PASS) {
                finish(p, period);
                period = period.next();
            }
            openPeriods.put(kv.key, period.start().toEpochMilli());
            next = Math.min(next, period.end().toEpochMilli() + graceMs);
        }
        nextCloseAt = next == Long.MAX_VALUE ? Long.MIN_VALUE : next;
    }

    private void finish(Plan p, Period period) {
        WindowKey wk =
                new WindowKey(p.scope(), p.id(), p.period(), period.start().toEpochMilli());
        ScoreResult score = score(p, wk, aggregates.get(wk.toBytes()));
        dirty.remove(p.key());
        emitScorecard(p, period, score, true);
        long at = period.end().toEpochMilli();
        for (int i = 0; i < p.items().size(); i++) {
            PlanItem item = p.items().get(i);
            ItemScore s = score.items().get(i);
            if (item.threshold() != null && s.belowThreshold()) {
                String id = AlertIds.of(AlertType.BELOW_THRESHOLD.name(), p.key(), item.kpi(), period.name());
                emitAlert.accept(
                        p.scope().id() + '|' + p.id(),
                        Alerts.build(
                                id,
                                AlertType.BELOW_THRESHOLD,
                                Severity.WARNING,
                                p.key(),
                                item.kpi(),
                                p.scope(),
                                p.id(),
                                p.period().id(),
                                period.name(),
                                s.fact(),
                                item.threshold(),
                                null,
                                null,
                                at,
                                p.scope().id() + " " + p.id() + " closed the "
                                        + p.period().id() + " " + period.name()
                                        + " below the threshold of " + item.kpi() + ": " + Alerts.fmt(s.fact())
                                        + " against "
                                        + Alerts.fmt(item.threshold()) + " (target " + Alerts.fmt(item.target())
                                        + ")"));
            }
        }
        alerts.forget("P|" + p.key() + '|' + period.start().toEpochMilli() + '|');
    }

    /** Checks the pace of every plan's current period at {@code at} (the watermark). */
    void paceAll(long at) {
        asOf = Math.max(asOf, at);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Plan> it = plans.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        for (String key : keys) {
            Plan p = plan(key);
            Period period = Period.containing(p.period(), Instant.ofEpochMilli(at), zone);
            WindowKey wk =
                    new WindowKey(p.scope(), p.id(), p.period(), period.start().toEpochMilli());
            pace(p, period, score(p, wk, aggregates.get(wk.toBytes())), at);
        }
    }

    private ScoreResult score(Plan p, WindowKey wk, MeasureVector v) {
        MeasureVector current = v == null ? MeasureVector.EMPTY : v;
        Function<String, BigDecimal> facts = kpiId -> {
            Kpi kpi = catalog.get(kpiId);
            MeasureVector prev = null;
            if (kpi.needsPrevious()) {
                prev = previousWindow.apply(wk);
            }
            return kpi.compute(current, prev).value();
        };
        return Scorer.score(p, catalog, facts);
    }

    private void planAlerts(Plan p, Period period, ScoreResult score, long at) {
        String base = "P|" + p.key() + '|' + period.start().toEpochMilli() + '|';
        for (int i = 0; i < p.items().size(); i++) {
            PlanItem item = p.items().get(i);
            ItemScore s = score.items().get(i);
            crossing(
                    p,
                    period,
                    base + "met|" + item.kpi(),
                    s.targetMet(),
                    AlertType.PLAN_MET,
                    item.kpi(),
                    s.fact(),
                    item.target(),
                    at,
                    "met the " + p.period().id() + " plan for " + item.kpi() + ": " + Alerts.fmt(s.fact())
                            + " against a target of " + Alerts.fmt(item.target()));
            if (item.challenge() != null) {
                crossing(
                        p,
                        period,
                        base + "challenge|" + item.kpi(),
                        s.challengeMet(),
                        AlertType.CHALLENGE_MET,
                        item.kpi(),
                        s.fact(),
                        item.challenge(),
                        at,
                        "reached the challenge level of " + item.kpi() + ": " + Alerts.fmt(s.fact()) + " against "
                                + Alerts.fmt(item.challenge()));
            }
        }
        if (p.bonusModel() == BonusModel.WEIGHTED && score.totalFulfillment() != null) {
            BigDecimal hundred = BigDecimal.valueOf(100);
            crossing(
                    p,
                    period,
                    base + "met|total",
                    score.totalFulfillment().compareTo(hundred) >= 0,
                    AlertType.PLAN_MET,
                    "total",
                    score.totalFulfillment(),
                    hundred,
                    at,
                    "met the whole " + p.period().id() + " plan: " + Alerts.fmt(score.totalFulfillment())
                            + "% total fulfillment");
        }
    }

    private void crossing(
            Plan p,
            Period period,
            String stateKey,
            boolean holds,
            AlertType type,
            String kpi,
            BigDecimal value,
            BigDecimal limit,
            long at,
            String what) {
        Alerts.Step step = alerts.evaluate(stateKey, holds);
        if (step.fired()) {
            String id = AlertIds.of(type.name(), p.key(), kpi, period.name(), Long.toString(step.crossing()));
            emitAlert.accept(
                    p.scope().id() + '|' + p.id(),
                    Alerts.build(
                            id,
                            type,
                            Severity.INFO,
                            p.key(),
                            kpi,
                            p.scope(),
                            p.id(),
                            p.period().id(),
                            period.name(),
                            value,
                            limit,
                            null,
                            null,
                            at,
                            p.scope().id() + " " + p.id() + " " + what));
        }
    }

    private void pace(Plan p, Period period, ScoreResult score, long at) {
        Instant now = Instant.ofEpochMilli(at);
        if (!period.contains(now)) {
            return; // pace is about the period in progress
        }
        for (int i = 0; i < p.items().size(); i++) {
            PlanItem item = p.items().get(i);
            Kpi kpi = catalog.get(item.kpi());
            if (!Pace.appliesTo(kpi) || item.target() == null) {
                continue;
            }
            BigDecimal fact = score.items().get(i).fact();
            PaceStatus st = Pace.evaluate(
                    item.target(),
                    fact,
                    period,
                    now,
                    config.workingTime(),
                    config.paceTolerance(),
                    config.paceMinElapsed());
            if (!st.evaluable()) {
                continue;
            }
            String stateKey = "P|" + p.key() + '|' + period.start().toEpochMilli() + "|pace|" + item.kpi();
            Alerts.Step step = alerts.evaluate(stateKey, st.behind());
            if (!step.fired() && !step.rearmed()) {
                continue;
            }
            AlertType type = step.fired() ? AlertType.PACE_BEHIND : AlertType.PACE_RECOVERED;
            BigDecimal limit = st.expected().multiply(BigDecimal.ONE.subtract(config.paceTolerance()));
            String pct = Alerts.fmt(
                    fact == null || item.target().signum() == 0
                            ? BigDecimal.ZERO
                            : (fact.multiply(BigDecimal.valueOf(100))
                                    .divide(item.target(), java.math.MathContext.DECIMAL64)));
            String local =
                    now.atZone(zone).toLocalTime().withSecond(0).withNano(0).toString();
            String message = step.fired()
                    ? p.scope().id() + " " + p.id() + " has " + pct + "% of the "
                            + p.period().id() + "'s " + item.kpi()
                            + " plan at " + local + " (" + Alerts.fmt(fact == null ? BigDecimal.ZERO : fact) + " of "
                            + Alerts.fmt(item.target()) + "), needs " + Alerts.fmt(st.expected())
                            + " by now; at this rate "
                            + Alerts.fmt(st.projection()) + " by the end of the "
                            + p.period().id()
                    : p.scope().id() + " " + p.id() + " is back on pace for " + item.kpi() + ": "
                            + Alerts.fmt(fact == null ? BigDecimal.ZERO : fact) + " against "
                            + Alerts.fmt(st.expected())
                            + " expected by " + local;
            String id = AlertIds.of(type.name(), p.key(), item.kpi(), period.name(), Long.toString(step.crossing()));
            emitAlert.accept(
                    p.scope().id() + '|' + p.id(),
                    Alerts.build(
                            id,
                            type,
                            step.fired() ? Severity.WARNING : Severity.INFO,
                            p.key(),
                            item.kpi(),
                            p.scope(),
                            p.id(),
                            p.period().id(),
                            period.name(),
                            fact == null ? BigDecimal.ZERO : fact,
                            limit,
                            st.expected(),
                            st.projection(),
                            at,
                            message));
        }
    }

    private void emitScorecard(Plan p, Period period, ScoreResult score, boolean fin) {
        List<ScorecardItem> items = new ArrayList<>();
        // Before any time is known (a plan just loaded), nothing has elapsed: no projection rather than a guess.
        Instant now = fin ? period.end() : asOf == Long.MIN_VALUE ? period.start() : Instant.ofEpochMilli(asOf);
        Projection.Result projection = Projection.project(p, catalog, score, period, now, config.workingTime());
        for (int i = 0; i < p.items().size(); i++) {
            PlanItem item = p.items().get(i);
            ItemScore s = score.items().get(i);
            Projection.Item pi = projection.items().get(i);
            items.add(ScorecardItem.newBuilder()
                    .setKpi(item.kpi())
                    .setFact(KpiRows.scaled(s.fact()))
                    .setTarget(KpiRows.scaled(item.target()))
                    .setThreshold(KpiRows.scaled(item.threshold()))
                    .setChallenge(KpiRows.scaled(item.challenge()))
                    .setWeight(KpiRows.scaled(item.weight()))
                    .setScoring(item.scoring().id())
                    .setFulfillment(KpiRows.scaled(s.fulfillment()))
                    .setCoefficient(KpiRows.scaled(s.coefficient()))
                    .setExpected(KpiRows.scaled(pi.expected()))
                    .setProjected(KpiRows.scaled(pi.projected()))
                    .build());
        }
        Scorecard card = Scorecard.newBuilder()
                .setScope(p.scope().id())
                .setScopeId(p.id())
                .setPeriod(p.period().id())
                .setPeriodStart(period.name())
                .setPeriodEnd(period.next().name())
                .setBonusModel(p.bonusModel().id())
                .setItems(items)
                .setTotalFulfillment(KpiRows.scaled(score.totalFulfillment()))
                .setPlannedBonus(KpiRows.scaled(p.plannedBonus()))
                .setBonus(KpiRows.scaled(score.bonus()))
                .setBaseSalary(KpiRows.scaled(p.baseSalary()))
                .setPayout(KpiRows.scaled(score.payout()))
                .setCurrency(currency)
                .setFinal$(fin)
                .setProjectedTotalFulfillment(KpiRows.scaled(projection.projectedTotalFulfillment()))
                .setProjectedBonus(KpiRows.scaled(projection.projectedBonus()))
                .build();
        String key = p.key() + '|' + period.name();
        scorecards.put(p.key() + '|' + period.start().toEpochMilli(), card);
        emitScorecard.accept(key, card);
    }
}
