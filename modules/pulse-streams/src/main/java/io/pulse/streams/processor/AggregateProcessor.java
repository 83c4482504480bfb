package io.pulse.streams.processor;

import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.state.MeasureCodec;
import io.pulse.streams.state.ScopeDelta;
import io.pulse.streams.state.ScopeInput;
import io.pulse.streams.state.WindowKey;
import io.pulse.streams.time.Mark;
import io.pulse.streams.time.UpstreamMarks;
import io.pulse.streams.time.Watermarks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The calendar aggregator, partitioned by scope and id. Each delta folded by a reading task is added to the
 * window of every configured period kind that contains its bucket (boundaries from pulse-core in the business
 * zone), distinct customers are counted exactly per window, changed KPI values are published every emit
 * interval, and each window's final values are published exactly once when it closes: when the watermark (the
 * smallest of what every reading task announced, SPEC §9) passes its end plus grace. Plans, thresholds and pace
 * are judged at the same watermark, so neither the speed of a topic nor the wall clock moves them.
 *
 * <p>Stores: {@code aggregates} (window key to measure vector, kept after close for history queries),
 * {@code closeIndex} (close time + window key, so due windows are a prefix scan), {@code customers}
 * (window key + customer id) and {@code watermarks} (the latest mark of every reading task).
 */
public final class AggregateProcessor implements Processor<String, ScopeInput, String, Out> {
    /** Changed windows kept before a forced publish, bounding memory between emit intervals. */
    private static final int MAX_DIRTY = 50_000;

    private static final byte[] PRESENT = new byte[0];
    /** Close-index value of a closed window's removal. */
    private static final byte[] EXPIRE = {1};

    private static final long CUSTOMERS_BIT = 1L << Measure.CUSTOMERS.ordinal();
    private static final MeasureVector ONE_CUSTOMER =
            MeasureVector.builder().add(Measure.CUSTOMERS, 1).build();

    private final Stores names;
    private final String currency;
    private final List<PeriodKind> kinds;
    private final long graceMs;
    private final Duration emitInterval;
    /** Whether changed values are published live (off in replay: only finals are read). */
    private final boolean live;

    private final KpiCatalog catalog;
    private final List<Kpi> kpis;
    private final long[] kpiInputMasks;

    private ProcessorContext<String, Out> context;
    private KeyValueStore<Bytes, MeasureVector> aggregates;
    private KeyValueStore<Bytes, byte[]> closeIndex;
    private KeyValueStore<Bytes, byte[]> customers;
    private KeyValueStore<String, Mark> watermarkStore;
    /** Windows changed since the last publish, with the measures that changed. */
    private final Map<WindowKey, Long> dirty = new LinkedHashMap<>();

    private final PeriodCache periods;
    private UpstreamMarks upstream;
    /** The watermark and horizon acted on so far. */
    private long watermark = Watermarks.NONE;

    private long horizon = Watermarks.NONE;
    private long nextPaceAt = Long.MIN_VALUE;
    private long lastEmitAt;
    /** Under exactly-once: how long after a publish changes are due out (an emit interval less a commit interval). */
    private long emitDueMs;
    /** Under exactly-once: publishes in each commit that is due (null otherwise). */
    private CommitHook hook;
    /** A change is due out, and a commit is to be asked for once the task has read what was fetched for it. */
    private boolean askWhenDrained;

    private final PulseStreamsConfig config;
    private PlanEngine plans;
    private Alerts alerts;
    private ThresholdEngine thresholds;

    /** Names of the stores the processor uses. */
    public record Stores(
            String aggregates,
            String closeIndex,
            String customers,
            String plans,
            String planPeriods,
            String scorecards,
            String alertState,
            String slidingBuckets,
            String watermarks) {}

    public AggregateProcessor(Stores names, PulseStreamsConfig config) {
        this.names = names;
        this.config = config;
        this.currency = config.currency();
        this.kinds = List.copyOf(config.periods());
        this.periods = new PeriodCache(config.zone());
        this.graceMs = config.grace().toMillis();
        this.emitInterval = config.emitInterval();
        this.live = config.liveOutputs();
        this.catalog = config.catalog();
        this.kpis = catalog.all();
        this.kpiInputMasks = new long[kpis.size()];
        for (int i = 0; i < kpis.size(); i++) {
            long mask = 0;
            for (Measure m : kpis.get(i).inputs()) {
                mask |= 1L << m.ordinal();
            }
            kpiInputMasks[i] = mask;
        }
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        // init may run again on this instance after a dirty close, with the stores back at their last commit.
        dirty.clear();
        nextPaceAt = Long.MIN_VALUE;
        this.context = context;
        this.aggregates = context.getStateStore(names.aggregates());
        this.closeIndex = context.getStateStore(names.closeIndex());
        this.customers = context.getStateStore(names.customers());
        this.watermarkStore = context.getStateStore(names.watermarks());
        this.alerts = new Alerts(context.getStateStore(names.alertState()));
        this.plans = new PlanEngine(
                config,
                catalog,
                context.getStateStore(names.plans()),
                context.getStateStore(names.planPeriods()),
                context.getStateStore(names.scorecards()),
                aggregates,
                alerts,
                this::previousOf,
                (k, v) -> context.forward(new Record<>(k, new Out.Card(v), outputTime())),
                this::emitAlert);
        this.thresholds = new ThresholdEngine(
                config.alertRules(),
                catalog,
                alerts,
                context.getStateStore(names.slidingBuckets()),
                config.grace(),
                this::emitAlert);
        this.upstream = new UpstreamMarks(config.partitions());
        try (KeyValueIterator<String, Mark> it = watermarkStore.all()) {
            it.forEachRemaining(kv -> upstream.accept(kv.value));
        }
        this.watermark = upstream.watermark();
        this.horizon = upstream.horizon();
        hook = CommitHook.detached(hook);
        if (live) {
            scheduleEmits(context);
        }
    }

    /**
     * Publishes changed values about once per emit interval. Under exactly-once nothing is visible before a commit, so
     * they go out as a commit starts, in it (CommitHook): at the first commit at least an emit interval less a commit
     * interval after the last publish. A change that arrives once that much time has passed asks for a commit rather
     * than wait up to an interval for the thread's next one (at most one such commit per interval; with emit and
     * commit intervals equal, as in the latency benchmark, values go out in every commit that has changes). A timer
     * is the fallback. Without exactly-once they go out every emit interval.
     *
     * <p>The ask waits until the task has processed every record fetched for it ({@link TaskBuffer}). Kafka Streams
     * runs an asked-for commit after its next small batch of records, often one per task, so asking at the first
     * delta of a wave committed that one and left the rest of the wave, already fetched, to wait for the next timed
     * commit, up to an interval later (traced in the latency benchmark: the deltas of one upstream commit came in as
     * one and then nine, and the nine waited 60-90 ms).
     */
    private void scheduleEmits(ProcessorContext<String, Out> context) {
        long emitMs = emitInterval.toMillis();
        emitDueMs = Math.max(0, emitMs - CommitHook.commitIntervalMs(context));
        lastEmitAt = context.currentSystemTimeMs();
        hook = CommitHook.attach(
                context,
                aggregates,
                now -> {
                    askWhenDrained = false; // whatever is due goes out in this commit
                    if (now - lastEmitAt >= emitDueMs && hasChanges()) {
                        lastEmitAt = now;
                        publishDirty();
                    }
                },
                // a publish writes live scorecards; the others are listed so a change to it cannot miss a commit
                context.getStateStore(names.scorecards()),
                context.getStateStore(names.alertState()),
                context.getStateStore(names.planPeriods()),
                context.getStateStore(names.plans()),
                context.getStateStore(names.closeIndex()),
                context.getStateStore(names.slidingBuckets()),
                customers,
                watermarkStore);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (hook == null || (hook.silentFor(emitMs, now) && hasChanges())) {
                lastEmitAt = now;
                publishDirty();
            }
        });
    }

    @Override
    public void close() {
        hook = CommitHook.detached(hook);
    }

    private boolean hasChanges() {
        return !dirty.isEmpty() || plans.hasChanges();
    }

    private void emitAlert(String key, Alert alert) {
        context.forward(new Record<>(
                key, new Out.Notice(alert), Math.max(0, Math.min(alert.getAt().toEpochMilli(), outputTime()))));
    }

    /**
     * Timestamp of output records: the latest event time known (or wall-clock time when the watermark follows
     * it), never a close time at the end of a replay, which brokers would refuse.
     */
    private long outputTime() {
        return Math.max(0, horizon);
    }

    @Override
    public void process(Record<String, ScopeInput> record) {
        ScopeInput in = record.value();
        if (in instanceof ScopeInput.PlanUpdate u) {
            // Plans carry no event time: one applies from the period the horizon is in (SPEC §9).
            plans.onPlanUpdate(u.planKey(), u.plan(), horizon, watermark);
        } else if (in instanceof ScopeInput.Tick t) {
            if (upstream.accept(t.mark())) {
                watermarkStore.put(
                        Integer.toString(t.mark().source()),
                        upstream.of(t.mark().source()));
                onWatermark(upstream.watermark(), upstream.horizon());
            }
        } else {
            apply(((ScopeInput.Delta) in).delta());
            // the change is due out: in a commit as soon as the input at hand is read, not at the thread's next
            askWhenDrained |= hook != null && context.currentSystemTimeMs() - lastEmitAt >= emitDueMs;
        }
        if (askWhenDrained && hook != null && TaskBuffer.buffered(context) <= 0) {
            askWhenDrained = false;
            hook.askForCommitIfFar();
        }
    }

    private void apply(ScopeDelta d) {
        // The latest event time known includes what the deltas carry, not only the marks: a plan read after deltas
        // but before the next mark is then judged against them (it was skipped, with no horizon yet).
        horizon = Math.max(horizon, d.latest());
        Scope scope = d.scope();
        String id = d.id();
        List<Period> missed = null;
        long addMask = MeasureCodec.nonZeroMask(d.measures());
        for (PeriodKind kind : kinds) {
            if ((d.closedKinds() & (1 << kind.ordinal())) != 0) {
                continue; // reported late where it was read
            }
            Period p = periods.containing(kind, d.bucket());
            long closeAt = p.end().toEpochMilli() + graceMs;
            WindowKey wk = new WindowKey(scope, id, kind, p.start().toEpochMilli());
            if (Watermarks.closed(p.end().toEpochMilli(), graceMs, watermark)) {
                // Cannot happen while reading tasks judge lateness against a watermark at least this one; kept
                // so a final is never changed after it was published.
                if (missed == null) {
                    missed = new ArrayList<>();
                }
                missed.add(p);
                continue;
            }
            Bytes wkBytes = wk.toBytes();
            MeasureVector add = d.measures();
            long mask = addMask;
            for (String customer : d.newCustomers()) {
                Bytes ck = wk.customerKey(customer);
                if (customers.get(ck) == null) {
                    customers.put(ck, PRESENT);
                    add = add.plus(ONE_CUSTOMER);
                    mask |= CUSTOMERS_BIT;
                }
            }
            MeasureVector old = aggregates.get(wkBytes);
            MeasureVector now;
            if (old == null) {
                closeIndex.put(wk.closeIndexKey(closeAt), PRESENT);
                now = add;
            } else {
                now = old.plus(add);
            }
            aggregates.put(wkBytes, now);
            if (live) {
                dirty.merge(wk, mask, (a, b) -> a | b);
            }
            thresholds.onWindowChanged(wk, p, now, this::previousOf, d.latest());
            plans.onWindowChanged(wk, now, d.latest(), paceTime());
        }
        thresholds.onContribution(scope, id, d.bucket(), d.measures());
        if (missed != null) {
            late(d, missed);
        }
        if (dirty.size() >= MAX_DIRTY) {
            publishDirty();
        }
    }

    /** The time pace is judged at: the watermark, unless it is unknown or the end of a replay's input. */
    private long paceTime() {
        return watermark == Watermarks.END ? Watermarks.NONE : watermark;
    }

    /** The watermark moved: finals of the windows it closed, plan periods, sliding rules and pace. */
    private void onWatermark(long w, long h) {
        horizon = Math.max(horizon, h);
        if (w <= watermark) {
            return;
        }
        watermark = w;
        publishDirty();
        closeWindows(w);
        plans.closeDue(w, horizon);
        long at = w == Watermarks.END ? horizon : w;
        thresholds.onTime(at);
        if (w != Watermarks.END && w >= nextPaceAt) {
            plans.paceAll(w);
            nextPaceAt = w + config.paceInterval().toMillis();
        }
        if (w == Watermarks.END) {
            // A replay's input has ended and every final is out: commit now, not at the next interval, so the replay
            // (which waits for the committed offsets) sees its outputs written at once.
            context.commit();
        }
    }

    private MeasureVector previousOf(WindowKey wk) {
        Period prev = periods.startingAt(wk.kind(), wk.start()).previous();
        return aggregates.get(
                new WindowKey(wk.scope(), wk.id(), wk.kind(), prev.start().toEpochMilli()).toBytes());
    }

    private void publishDirty() {
        plans.publish();
        if (dirty.isEmpty()) {
            return;
        }
        List<Map.Entry<WindowKey, Long>> batch = new ArrayList<>(dirty.entrySet());
        dirty.clear();
        for (Map.Entry<WindowKey, Long> e : batch) {
            WindowKey wk = e.getKey();
            MeasureVector v = aggregates.get(wk.toBytes());
            if (v != null) {
                emitKpis(wk, v, e.getValue(), false);
            }
        }
    }

    /** Publishes the KPIs of one window: those whose inputs intersect {@code changedMask}, or all if final. */
    private void emitKpis(WindowKey wk, MeasureVector v, long changedMask, boolean fin) {
        Period p = periods.startingAt(wk.kind(), wk.start());
        MeasureVector previous = null;
        boolean previousRead = false;
        long time = Math.max(
                0, Math.min(p.end().toEpochMilli() - 1, Math.max(p.start().toEpochMilli(), horizon)));
        String start = null;
        String end = null;
        for (int i = 0; i < kpis.size(); i++) {
            Kpi kpi = kpis.get(i);
            if (fin ? !kpi.appliesTo(v) : (kpiInputMasks[i] & changedMask) == 0) {
                continue;
            }
            if (kpi.needsPrevious() && !previousRead) {
                Period prev = p.previous();
                previous = aggregates.get(new WindowKey(
                                wk.scope(), wk.id(), wk.kind(), prev.start().toEpochMilli())
                        .toBytes());
                previousRead = true;
            }
            io.pulse.core.kpi.KpiValue value = kpi.compute(v, previous);
            if (!fin && value.value() == null) {
                // Denominators only grow within a window, so an undefined live value carries no news;
                // finals still list it, explicitly null.
                continue;
            }
            if (start == null) {
                start = p.name();
                end = p.next().name();
            }
            KpiValue row = KpiRows.row(kpi, value, wk, start, end, currency, fin);
            context.forward(new Record<>(
                    KpiRows.key(kpi.id(), wk, start), fin ? new Out.Final(row) : new Out.Value(row), time));
        }
    }

    /**
     * Closes every window whose end plus grace is at or before {@code w} (finals, then clean-up), and removes every
     * closed window whose retention has passed. The close index holds both: an empty value marks a close, {@link
     * #EXPIRE} a removal, each under the time it is due.
     */
    private void closeWindows(long w) {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        // Only the due head of the index is read: the index holds every open window and every closed one still
        // retained, and a cached store copies the keys of the whole range it is asked for before it iterates. A step
        // with nothing due reads an empty range, so no "next close time" is kept to skip it.
        try (KeyValueIterator<Bytes, byte[]> it =
                w == Watermarks.END ? closeIndex.all() : closeIndex.range(null, WindowKey.closeIndexBound(w + 1))) {
            while (it.hasNext()) {
                due.add(it.next());
            }
        }
        boolean expiredNow = false;
        for (KeyValue<Bytes, byte[]> entry : due) {
            Bytes indexKey = entry.key;
            WindowKey wk = WindowKey.fromCloseIndexKey(indexKey.get());
            closeIndex.delete(indexKey);
            if (entry.value != null && entry.value.length > 0 && entry.value[0] == EXPIRE[0]) {
                aggregates.delete(wk.toBytes()); // its retention has passed: gone from the store and its changelog
                continue;
            }
            MeasureVector v = aggregates.get(wk.toBytes());
            Long changed = dirty.remove(wk);
            if (v != null) {
                if (changed != null) {
                    emitKpis(wk, v, changed, false);
                }
                emitKpis(wk, v, -1L, true);
            }
            // Every customer entry of a window counted once in its CUSTOMERS measure: none counted, none stored.
            // Without changelogs (a replay) the state lives for one run: a closed window's customers stay until it
            // is dropped whole. Removing them one window at a time (a prefix scan each) took a fifth of a replay's
            // aggregator, to clean up state about to be thrown away.
            if (config.changelogs() && v != null && v.count(Measure.CUSTOMERS) > 0) {
                forgetCustomers(wk);
            }
            thresholdsForget(wk);
            if (w != Watermarks.END) { // a replay's state is dropped whole at its end
                long expireAt = periods.startingAt(wk.kind(), wk.start()).end().toEpochMilli()
                        + config.retention().get(wk.kind()).toMillis();
                closeIndex.put(wk.closeIndexKey(expireAt), EXPIRE);
                expiredNow |= expireAt <= w;
            }
        }
        if (expiredNow) {
            closeWindows(w); // removals that fell due in this same step (a removal never adds another entry)
        }
    }

    private void thresholdsForget(WindowKey wk) {
        if (!config.alertRules().isEmpty()) {
            alerts.forget(ThresholdEngine.stateKey(wk));
        }
    }

    private void forgetCustomers(WindowKey wk) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it =
                customers.prefixScan(wk.toBytes(), Serdes.Bytes().serializer())) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.forEach(customers::delete);
    }

    private void late(ScopeDelta d, List<Period> missed) {
        StringBuilder reason = new StringBuilder("late at the aggregator for ")
                .append(d.scope().id())
                .append(' ')
                .append(d.id())
                .append(": ");
        for (int i = 0; i < missed.size(); i++) {
            Period p = missed.get(i);
            reason.append(i == 0 ? "" : ", ").append(p.kind().id()).append(' ').append(p.name());
        }
        reason.append(missed.size() == 1 ? " has" : " have")
                .append(" closed (grace ")
                .append(Duration.ofMillis(graceMs))
                .append(')');
        String key = d.scopeKey() + '|' + Instant.ofEpochMilli(d.bucket());
        RejectedRecord r = Rejections.of(
                null,
                d.latest(),
                key.getBytes(StandardCharsets.UTF_8),
                Rejections.describe(
                                d.measures(),
                                "scope",
                                d.scope().id(),
                                "scopeId",
                                d.id(),
                                "bucket",
                                Instant.ofEpochMilli(d.bucket()).toString())
                        .getBytes(StandardCharsets.UTF_8),
                reason.toString(),
                null,
                null);
        context.forward(new Record<>(key, new Out.Late(r), context.currentSystemTimeMs()));
    }
}
