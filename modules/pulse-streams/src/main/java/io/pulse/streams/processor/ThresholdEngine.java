package io.pulse.streams.processor;

import io.pulse.avro.outputs.Alert;
import io.pulse.core.Scope;
import io.pulse.core.alert.AlertIds;
import io.pulse.core.alert.AlertType;
import io.pulse.core.alert.ThresholdRule;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.streams.state.Bin;
import io.pulse.streams.state.WindowKey;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Threshold rules (SPEC §5). Calendar rules are judged on every change of their window. Sliding-window rules
 * (e.g. the last 60 minutes) keep one-second buckets per scope and a running sum over exactly
 * {@code [T - window, T)}, where T is the second after the latest event (or wall-clock time when it passes);
 * expired buckets are subtracted, never approximated by epoch-aligned hops.
 */
final class ThresholdEngine {
    private static final long SECOND = 1000;

    private final Map<Scope, List<ThresholdRule>> calendarRules = new HashMap<>();
    private final Map<Scope, List<ThresholdRule>> slidingRules = new HashMap<>();
    private final KpiCatalog catalog;
    private final Alerts alerts;
    private final KeyValueStore<Bytes, MeasureVector> buckets;
    private final BiConsumer<String, Alert> emit;
    private final long graceMs;
    /** Running sums of the sliding windows of active scopes, by scope key and window length. */
    private final Map<String, Sliding> sliding = new HashMap<>();

    private final Map<Scope, Long> maxWindow = new HashMap<>();

    private static final class Sliding {
        final Scope scope;
        final String id;
        final long windowMs;
        long from;
        long to;
        MeasureVector sum = MeasureVector.EMPTY;

        Sliding(Scope scope, String id, long windowMs) {
            this.scope = scope;
            this.id = id;
            this.windowMs = windowMs;
        }
    }

    ThresholdEngine(
            List<ThresholdRule> rules,
            KpiCatalog catalog,
            Alerts alerts,
            KeyValueStore<Bytes, MeasureVector> buckets,
            Duration grace,
            BiConsumer<String, Alert> emit) {
        for (ThresholdRule r : rules) {
            (r.isWindowed() ? slidingRules : calendarRules)
                    .computeIfAbsent(r.scope(), s -> new ArrayList<>())
                    .add(r);
            if (r.isWindowed()) {
                maxWindow.merge(r.scope(), r.window().toMillis(), Math::max);
            }
        }
        this.catalog = catalog;
        this.alerts = alerts;
        this.buckets = buckets;
        this.graceMs = grace.toMillis();
        this.emit = emit;
    }

    /** Judges the calendar rules of a window that has just changed. */
    void onWindowChanged(
            WindowKey wk, Period p, MeasureVector v, Function<WindowKey, MeasureVector> previous, long at) {
        List<ThresholdRule> rules = calendarRules.get(wk.scope());
        if (rules == null) {
            return;
        }
        for (ThresholdRule r : rules) {
            if (r.period() != wk.kind()) {
                continue;
            }
            Kpi kpi = catalog.get(r.kpi());
            MeasureVector prev = kpi.needsPrevious() ? previous.apply(wk) : null;
            judge(
                    r,
                    wk.scope(),
                    wk.id(),
                    kpi.compute(v, prev).value(),
                    v,
                    stateKey(wk) + r.name(),
                    wk.kind().id(),
                    p.name(),
                    at,
                    "the " + wk.kind().id() + " " + p.name());
        }
    }

    /** Prefix of the alert states of one calendar window. */
    static String stateKey(WindowKey wk) {
        return "T|" + wk.scopeKey() + '|' + wk.kind().id() + '|' + wk.start() + '|';
    }

    private void judge(
            ThresholdRule r,
            Scope scope,
            String id,
            BigDecimal value,
            MeasureVector sample,
            String stateKey,
            String period,
            String periodStart,
            long at,
            String where) {
        if (value == null || !r.sampleSufficient(sample)) {
            return; // cannot be judged yet: neither fires nor re-arms
        }
        Alerts.Step step = alerts.evaluate(stateKey, r.condition().holds(value));
        if (step.fired()) {
            String alertId = AlertIds.of(
                    AlertType.THRESHOLD.name(),
                    r.name(),
                    scope.id(),
                    id,
                    period,
                    periodStart,
                    Long.toString(step.crossing()));
            String message = r.kpi() + " of " + scope.id() + " " + id + " is " + Alerts.fmt(value) + ", "
                    + r.condition().op().symbol() + " "
                    + Alerts.fmt(r.condition().limit()) + ", over " + where
                    + " (rule " + r.name() + ")";
            emit.accept(
                    scope.id() + '|' + id,
                    Alerts.build(
                            alertId,
                            AlertType.THRESHOLD,
                            r.severity(),
                            r.name(),
                            r.kpi(),
                            scope,
                            id,
                            period,
                            periodStart,
                            value,
                            r.condition().limit(),
                            null,
                            null,
                            at,
                            message));
        }
    }

    /**
     * Adds what a scope received in one second to its sliding buckets. The windows are judged when the
     * watermark passes (SPEC §9), so a topic read ahead of the others cannot raise an alert on half the data.
     */
    void onContribution(Scope scope, String id, long occurredAt, MeasureVector measures) {
        List<ThresholdRule> rules = slidingRules.get(scope);
        if (rules == null) {
            return;
        }
        long bucket = Math.floorDiv(occurredAt, SECOND) * SECOND;
        Bytes key = bucketKey(scope, id, bucket);
        MeasureVector old = buckets.get(key);
        buckets.put(key, old == null ? measures : old.plus(measures));
        for (ThresholdRule r : rules) {
            Sliding s = sliding.computeIfAbsent(
                    scope.id() + '|' + id + '|' + r.window().toMillis(),
                    k -> new Sliding(scope, id, r.window().toMillis()));
            if (s.to != 0 && bucket >= s.from && bucket < s.to) {
                s.sum = s.sum.plus(measures); // within the window already summed
            }
        }
    }

    /**
     * Moves every active sliding window to the watermark {@code now} and judges it again: the window ends with
     * the second that holds the watermark, since every event up to it has been read.
     */
    void onTime(long now) {
        long t = Math.floorDiv(now, SECOND) * SECOND + SECOND;
        Iterator<Sliding> it = sliding.values().iterator();
        while (it.hasNext()) {
            Sliding s = it.next();
            if (t > s.to) {
                advance(s, t);
                judgeSliding(s, t);
                if (s.windowMs == maxWindow.get(s.scope)) {
                    purge(s); // buckets are shared by the scope's rules: only the longest window may drop them
                }
                if (s.sum.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    private void judgeSliding(Sliding s, long at) {
        Duration w = Duration.ofMillis(s.windowMs);
        String start = Instant.ofEpochMilli(s.from).toString();
        for (ThresholdRule r : slidingRules.get(s.scope)) {
            if (r.window().toMillis() != s.windowMs) {
                continue;
            }
            Kpi kpi = catalog.get(r.kpi());
            judge(
                    r,
                    s.scope,
                    s.id,
                    kpi.compute(s.sum, null).value(),
                    s.sum,
                    "S|" + s.scope.id() + '|' + s.id + '|' + r.name(),
                    w.toString(),
                    start,
                    at,
                    "the last " + w.toString().substring(2).toLowerCase());
        }
    }

    /** Moves the window's end to {@code to}: adds the buckets that entered, subtracts those that left. */
    private void advance(Sliding s, long to) {
        long from = to - s.windowMs;
        if (s.to == 0 || from >= s.to) {
            s.sum = sum(s.scope, s.id, from, to);
        } else if (to > s.to) {
            s.sum = s.sum.plus(sum(s.scope, s.id, s.to, to)).minus(sum(s.scope, s.id, s.from, from));
        } else {
            return;
        }
        s.from = from;
        s.to = to;
    }

    private MeasureVector sum(Scope scope, String id, long from, long to) {
        if (to <= from) {
            return MeasureVector.EMPTY;
        }
        MeasureVector total = MeasureVector.EMPTY;
        try (KeyValueIterator<Bytes, MeasureVector> it =
                buckets.range(bucketKey(scope, id, from), bucketKey(scope, id, to - 1))) {
            while (it.hasNext()) {
                total = total.plus(it.next().value);
            }
        }
        return total;
    }

    /** Drops buckets no sliding window can reach any more (older than the window plus grace). */
    private void purge(Sliding s) {
        long before = s.from - graceMs;
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, MeasureVector> it =
                buckets.range(bucketKey(s.scope, s.id, Long.MIN_VALUE), bucketKey(s.scope, s.id, before - 1))) {
            while (it.hasNext()) {
                KeyValue<Bytes, MeasureVector> kv = it.next();
                old.add(kv.key);
            }
        }
        old.forEach(buckets::delete);
    }

    private static Bytes bucketKey(Scope scope, String id, long bucket) {
        return Bytes.wrap(new Bin.Writer(16 + id.length())
                .byte1(scope.ordinal())
                .string(id)
                .orderedLong(bucket)
                .toByteArray());
    }
}
