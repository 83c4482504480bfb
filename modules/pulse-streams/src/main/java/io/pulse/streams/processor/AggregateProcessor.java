package io.pulse.streams.processor;

import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.state.Contribution;
import io.pulse.streams.state.ScopeInput;
import io.pulse.streams.state.MeasureCodec;
import io.pulse.streams.state.WindowKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * The calendar aggregator, partitioned by scope and id. Each contribution is added to the open window of
 * every configured period kind (boundaries from pulse-core in the business zone), distinct customers are
 * counted exactly per window, changed KPI values are published every emit interval, and each window's final
 * values are published exactly once when it closes: when stream time or (if enabled) wall-clock time passes
 * its end plus grace. A contribution for a window that already closed goes to the late topic.
 *
 * <p>Stores: {@code aggregates} (window key to measure vector, kept after close for history queries),
 * {@code closeIndex} (close time + window key, so due windows are a prefix scan) and {@code customers}
 * (window key + customer id).
 */
public final class AggregateProcessor implements Processor<String, ScopeInput, String, Emitted> {
    /** Changed windows kept before a forced publish, bounding memory between emit intervals. */
    private static final int MAX_DIRTY = 50_000;
    private static final byte[] PRESENT = new byte[0];
    private static final long CUSTOMERS_BIT = 1L << Measure.CUSTOMERS.ordinal();

    private final Stores names;
    private final ZoneId zone;
    private final String currency;
    private final List<PeriodKind> kinds;
    private final long graceMs;
    private final Duration emitInterval;
    private final boolean closeOnWallClock;
    private final KpiCatalog catalog;
    private final List<Kpi> kpis;
    private final long[] kpiInputMasks;

    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<Bytes, MeasureVector> aggregates;
    private KeyValueStore<Bytes, byte[]> closeIndex;
    private KeyValueStore<Bytes, byte[]> customers;
    /** Windows changed since the last publish, with the measures that changed. */
    private final Map<WindowKey, Long> dirty = new LinkedHashMap<>();
    private final PeriodCache periods;
    private long nextCloseAt = Long.MIN_VALUE;
    private long lastCloseTime = Long.MIN_VALUE;
    /** The latest event time seen (or announced by a watermark): how far plan periods may be closed. */
    private long lastEventTime = Long.MIN_VALUE;
    private long nextPaceAt = Long.MIN_VALUE;
    private final PulseStreamsConfig config;
    private PlanEngine plans;
    private Alerts alerts;
    private ThresholdEngine thresholds;

    /** Names of the stores the processor uses. */
    public record Stores(String aggregates, String closeIndex, String customers, String plans, String planPeriods,
                         String scorecards, String alertState, String slidingBuckets) {
    }

    public AggregateProcessor(Stores names, PulseStreamsConfig config) {
        this.names = names;
        this.config = config;
        this.zone = config.zone();
        this.currency = config.currency();
        this.kinds = List.copyOf(config.periods());
        this.periods = new PeriodCache(config.zone());
        this.graceMs = config.grace().toMillis();
        this.emitInterval = config.emitInterval();
        this.closeOnWallClock = config.closeOnWallClock();
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
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.aggregates = context.getStateStore(names.aggregates());
        this.closeIndex = context.getStateStore(names.closeIndex());
        this.customers = context.getStateStore(names.customers());
        this.alerts = new Alerts(context.getStateStore(names.alertState()));
        this.plans = new PlanEngine(config, catalog, context.getStateStore(names.plans()),
                context.getStateStore(names.planPeriods()), context.getStateStore(names.scorecards()), aggregates, alerts,
                this::previousOf, (k, v) -> context.forward(new Record<>(k, new Emitted(Emitted.Kind.SCORECARD, v), outputTime())),
                this::emitAlert);
        this.thresholds = new ThresholdEngine(config.alertRules(), catalog, alerts,
                context.getStateStore(names.slidingBuckets()), config.grace(), this::emitAlert);
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            long closeTime = closeTime();
            publishDirty();
            closeDue(closeTime);
            if (closeOnWallClock) {
                thresholds.onTime(closeTime);
                if (closeTime >= nextPaceAt) {
                    plans.paceAll(closeTime);
                    nextPaceAt = closeTime + config.paceInterval().toMillis();
                }
            }
        });
    }

    private void emitAlert(String key, io.pulse.avro.outputs.Alert alert) {
        context.forward(new Record<>(key, new Emitted(Emitted.Kind.ALERT, alert),
                Math.min(alert.getAt().toEpochMilli(), outputTime())));
    }

    /**
     * Timestamp of output records: the latest event time (or wall-clock time when it closes windows), never a
     * close time, which replay sets far in the future and brokers would refuse
     * ({@code log.message.timestamp.after.max.ms}).
     */
    private long outputTime() {
        return Math.max(0, horizon());
    }

    /** How far plan periods may be closed: the latest event, or wall-clock time when it closes windows. */
    private long horizon() {
        return closeOnWallClock ? Math.max(lastEventTime, context.currentSystemTimeMs()) : lastEventTime;
    }

    @Override
    public void process(Record<String, ScopeInput> record) {
        if (record.value() instanceof ScopeInput.PlanUpdate u) {
            long now = closeOnWallClock ? closeTime() : lastEventTime;
            plans.onPlanUpdate(u.planKey(), u.plan(), now);
            return;
        }
        Contribution c = ((ScopeInput.Of) record.value()).contribution();
        long closeTime = closeTime();
        if (c.watermark()) {
            lastEventTime = Math.max(lastEventTime, c.lastEventTime());
            lastCloseTime = Math.max(lastCloseTime, c.occurredAt());
            publishDirty();
            closeDue(lastCloseTime);
            thresholds.onTime(lastCloseTime);
            return;
        }
        lastEventTime = Math.max(lastEventTime, c.occurredAt());
        String key = record.key();
        int bar = key.indexOf('|');
        Scope scope = Scope.parse(key.substring(0, bar));
        String id = key.substring(bar + 1);
        List<Period> missed = null;
        long addMask = MeasureCodec.nonZeroMask(c.measures());
        for (PeriodKind kind : kinds) {
            Period p = periods.containing(kind, c.occurredAt());
            long closeAt = p.end().toEpochMilli() + graceMs;
            if (closeAt <= closeTime) {
                if (missed == null) {
                    missed = new ArrayList<>();
                }
                missed.add(p);
                continue;
            }
            WindowKey wk = new WindowKey(scope, id, kind, p.start().toEpochMilli());
            Bytes wkBytes = wk.toBytes();
            MeasureVector add = c.measures();
            long mask = addMask;
            if (c.customerId() != null) {
                Bytes ck = wk.customerKey(c.customerId());
                if (customers.get(ck) == null) {
                    customers.put(ck, PRESENT);
                    add = add.plus(MeasureVector.builder().add(Measure.CUSTOMERS, 1).build());
                    mask |= CUSTOMERS_BIT;
                }
            }
            MeasureVector old = aggregates.get(wkBytes);
            MeasureVector now;
            if (old == null) {
                closeIndex.put(wk.closeIndexKey(closeAt), PRESENT);
                nextCloseAt = Math.min(nextCloseAt == Long.MIN_VALUE ? closeAt : nextCloseAt, closeAt);
                now = add;
            } else {
                now = old.plus(add);
            }
            aggregates.put(wkBytes, now);
            dirty.merge(wk, mask, (a, b) -> a | b);
            thresholds.onWindowChanged(wk, p, now, this::previousOf, c.occurredAt());
            plans.onWindowChanged(wk, now, c.occurredAt());
        }
        thresholds.onContribution(scope, id, c.occurredAt(), c.measures());
        if (missed != null) {
            late(c, scope, id, missed, record.timestamp());
        }
        if (dirty.size() >= MAX_DIRTY) {
            publishDirty();
        }
        if (nextCloseAt != Long.MIN_VALUE && nextCloseAt <= closeTime) {
            closeDue(closeTime);
        }
    }

    private MeasureVector previousOf(WindowKey wk) {
        Period prev = periods.startingAt(wk.kind(), wk.start()).previous();
        return aggregates.get(new WindowKey(wk.scope(), wk.id(), wk.kind(), prev.start().toEpochMilli()).toBytes());
    }

    /** Stream time, or wall-clock time if later and enabled; never goes back. */
    private long closeTime() {
        long t = context.currentStreamTimeMs();
        if (closeOnWallClock) {
            t = Math.max(t, context.currentSystemTimeMs());
        }
        lastCloseTime = Math.max(lastCloseTime, t);
        return lastCloseTime;
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
        for (int i = 0; i < kpis.size(); i++) {
            Kpi kpi = kpis.get(i);
            if (fin ? !kpi.appliesTo(v) : (kpiInputMasks[i] & changedMask) == 0) {
                continue;
            }
            if (kpi.needsPrevious() && !previousRead) {
                Period prev = p.previous();
                previous = aggregates.get(new WindowKey(wk.scope(), wk.id(), wk.kind(), prev.start().toEpochMilli()).toBytes());
                previousRead = true;
            }
            io.pulse.core.kpi.KpiValue value = kpi.compute(v, previous);
            if (!fin && value.value() == null) {
                // Denominators only grow within a window, so an undefined live value carries no news;
                // finals still list it, explicitly null.
                continue;
            }
            context.forward(new Record<>(KpiRows.key(kpi.id(), wk, p),
                    new Emitted(fin ? Emitted.Kind.KPI_FINAL : Emitted.Kind.KPI_VALUE,
                            KpiRows.row(kpi, value, wk, p, currency, fin)),
                    Math.max(0, Math.min(p.end().toEpochMilli() - 1, Math.max(p.start().toEpochMilli(), lastEventTime)))));
        }
    }

    /** Closes every window whose end plus grace is at or before {@code closeTime}: finals, then clean-up. */
    private void closeDue(long closeTime) {
        closeWindows(closeTime);
        plans.closeDue(closeTime, horizon());
    }

    private void closeWindows(long closeTime) {
        if (nextCloseAt != Long.MIN_VALUE && nextCloseAt > closeTime) {
            return;
        }
        List<Bytes> due = new ArrayList<>();
        nextCloseAt = Long.MIN_VALUE;
        try (KeyValueIterator<Bytes, byte[]> it = closeIndex.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                long closeAt = WindowKey.closeAtOf(kv.key.get());
                if (closeAt > closeTime) {
                    nextCloseAt = closeAt;
                    break;
                }
                due.add(kv.key);
            }
        }
        for (Bytes indexKey : due) {
            WindowKey wk = WindowKey.fromCloseIndexKey(indexKey.get());
            MeasureVector v = aggregates.get(wk.toBytes());
            Long changed = dirty.remove(wk);
            if (v != null) {
                if (changed != null) {
                    emitKpis(wk, v, changed, false);
                }
                emitKpis(wk, v, -1L, true);
            }
            closeIndex.delete(indexKey);
            forgetCustomers(wk);
            thresholdsForget(wk);
        }
    }

    private void thresholdsForget(WindowKey wk) {
        if (!config.alertRules().isEmpty()) {
            alerts.forget(ThresholdEngine.stateKey(wk));
        }
    }

    private void forgetCustomers(WindowKey wk) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = customers.prefixScan(wk.toBytes(), Serdes.Bytes().serializer())) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.forEach(customers::delete);
    }

    private void late(Contribution c, Scope scope, String id, List<Period> missed, long timestamp) {
        StringBuilder reason = new StringBuilder("late for ").append(scope.id()).append(' ').append(id).append(": ");
        for (int i = 0; i < missed.size(); i++) {
            Period p = missed.get(i);
            reason.append(i == 0 ? "" : ", ").append(p.kind().id()).append(' ').append(p.name());
        }
        reason.append(missed.size() == 1 ? " has" : " have").append(" closed (grace ")
                .append(Duration.ofMillis(graceMs)).append(')');
        String dedupeKey = c.type().id() + '|' + c.eventId();
        RejectedRecord r = Rejections.of(null, timestamp, dedupeKey.getBytes(StandardCharsets.UTF_8),
                describe(c).getBytes(StandardCharsets.UTF_8), reason.toString(), c.type().id(), c.eventId());
        r.setSourceTopic(c.source().topic());
        r.setPartition(c.source().partition());
        r.setOffset(c.source().offset());
        context.forward(new Record<>(dedupeKey, new Emitted(Emitted.Kind.LATE, r), timestamp));
    }

    /** A JSON description of the contribution, as the late record's value (the original stays on its topic). */
    private String describe(Contribution c) {
        StringBuilder sb = new StringBuilder("{\"type\":\"").append(c.type().id()).append("\",\"eventId\":\"")
                .append(c.eventId().replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\"occurredAt\":\"").append(Instant.ofEpochMilli(c.occurredAt())).append("\",\"measures\":{");
        boolean first = true;
        for (Map.Entry<Measure, java.math.BigDecimal> e : c.measures().asMap().entrySet()) {
            if (e.getValue().signum() != 0) {
                sb.append(first ? "" : ",").append('"').append(e.getKey().id()).append("\":").append(e.getValue().toPlainString());
                first = false;
            }
        }
        return sb.append("}}").toString();
    }
}
