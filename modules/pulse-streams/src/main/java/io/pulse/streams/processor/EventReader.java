package io.pulse.streams.processor;

import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.core.Scope;
import io.pulse.core.alert.ThresholdRule;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.state.Folded;
import io.pulse.streams.state.InternalSerdes;
import io.pulse.streams.state.Routed;
import io.pulse.streams.state.ScopeInput;
import io.pulse.streams.time.Mark;
import io.pulse.streams.time.PartitionProgress;
import io.pulse.streams.time.UpstreamMarks;
import io.pulse.streams.time.Watermarks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The reading task of one input partition number (SPEC §9, DESIGN "Data flow"): it reads that partition of
 * every event topic and of the by-eventId topic, and
 * <ol>
 *   <li>tracks each partition's event-time progress, and from it the task's watermark;</li>
 *   <li>deduplicates an event in its home partition (the one its eventId hashes to), sending an event read
 *       anywhere else there through the by-eventId topic first, so all copies of an event meet in one store;</li>
 *   <li>reports an event whose window had already closed when it was read to the late topic;</li>
 *   <li>folds the contributions of new events per scope, id and hour (a changelogged buffer) and forwards
 *       them as deltas every flush interval, with its watermark, in the same transaction as its input
 *       offsets.</li>
 * </ol>
 * Its watermark is the smallest of its own partitions' progress and of what every reading task announced on
 * the by-eventId topic (any of them may still send an event this way); it goes to every aggregator.
 */
public final class EventReader implements Processor<String, ReaderInput, String, Out> {
    private static final String OWN_MARK = "own";
    /** Marks-store key of the time up to which the dedupe store of the layout before generations is consulted. */
    private static final String LEGACY_DEDUPE_MARK = "dedupe-legacy-until";

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60_000;

    /** Names of the stores the reader uses. */
    public record Stores(String dedupe, String legacyDedupe, String fold, String marks, String directory) {}

    private final Stores names;
    private final PulseStreamsConfig config;
    private final List<String> eventTopics;
    private final DirectoryLookup directory;
    private final long graceMs;
    private final long horizonMs;
    private final boolean perRecord;
    private final Set<Scope> secondBuckets = EnumSet.noneOf(Scope.class);
    private final List<PeriodKind> kinds;
    private final PeriodCache periods;
    private final Map<Bytes, Folded> buffer = new LinkedHashMap<>();

    private ProcessorContext<String, Out> context;
    /**
     * Every eventId read, stored under the start of its generation (its event time floored to the dedupe horizon),
     * with its event time as the value: a copy within the horizon is in the same generation or a neighbour, three
     * point lookups, where a range fetch over twice the horizon was the largest single cost of the reading task.
     */
    private WindowStore<String, Long> seen;
    /** The dedupe store of the layout before generations (entries under their event time); read-only. */
    private WindowStore<String, Long> legacySeen;
    /** Events up to this time may have a copy in {@link #legacySeen}; none after an upgrade's horizon has passed. */
    private long legacyUntil = Watermarks.NONE;

    private boolean legacyDecided;

    private KeyValueStore<Bytes, Folded> fold;
    private KeyValueStore<String, Mark> marks;
    private PartitionProgress progress;
    private UpstreamMarks byIdMarks;
    private int task;
    private int partitions;
    private long watermark = Watermarks.NONE;
    private long localSent = Watermarks.NONE;
    private long sent = Watermarks.NONE;
    private long localSentAt = Long.MIN_VALUE;
    private ReaderMetrics metrics;
    private int unflushed;
    private CommitHook hook;

    public EventReader(Stores names, PulseStreamsConfig config, List<String> eventTopics, DirectoryLookup directory) {
        this.names = names;
        this.config = config;
        this.eventTopics = List.copyOf(eventTopics);
        this.directory = directory;
        this.graceMs = config.grace().toMillis();
        this.horizonMs = config.dedupeHorizon().toMillis();
        this.perRecord = config.flushInterval().isZero();
        this.kinds = List.copyOf(config.periods());
        this.periods = new PeriodCache(config.zone());
        for (ThresholdRule r : config.alertRules()) {
            if (r.isWindowed()) {
                secondBuckets.add(r.scope());
            }
        }
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        // Kafka Streams may call init again on this same instance after a dirty close (EOS: the task's state is
        // restored to its last commit): nothing read since then may survive here, or it would be counted twice.
        buffer.clear();
        watermark = Watermarks.NONE;
        localSent = Watermarks.NONE;
        sent = Watermarks.NONE;
        localSentAt = Long.MIN_VALUE;
        unflushed = 0;
        this.context = context;
        this.seen = context.getStateStore(names.dedupe());
        this.legacySeen = context.getStateStore(names.legacyDedupe());
        this.legacyUntil = Watermarks.NONE;
        this.legacyDecided = false;
        this.fold = context.getStateStore(names.fold());
        this.marks = context.getStateStore(names.marks());
        directory.bind(context.getStateStore(names.directory()));
        this.task = context.taskId().partition();
        this.partitions = config.partitions();
        long now = context.currentSystemTimeMs();
        long idleMs = config.idleTimeout().toMillis();
        // The marks that prove the broker reachable become visible when a transaction commits: with a commit
        // interval near or above the idle timeout they arrive that far apart, which is not an outage.
        long commitMs = CommitHook.commitIntervalMs(context);
        this.progress =
                new PartitionProgress(eventTopics, idleMs, idleMs + 2 * commitMs, config.closeOnWallClock(), now);
        this.byIdMarks = new UpstreamMarks(partitions);
        try (KeyValueIterator<String, Mark> it = marks.all()) {
            while (it.hasNext()) {
                KeyValue<String, Mark> kv = it.next();
                if (kv.key.equals(OWN_MARK)) {
                    watermark = kv.value.watermark();
                    progress.restore(kv.value.watermark(), kv.value.horizon());
                } else if (kv.key.equals(LEGACY_DEDUPE_MARK)) {
                    legacyUntil = kv.value.watermark();
                    legacyDecided = true;
                } else {
                    byIdMarks.accept(kv.value);
                }
            }
        }
        // What a crash left in the buffer was committed with the offsets it came from: forward it again.
        try (KeyValueIterator<Bytes, Folded> it = fold.all()) {
            it.forEachRemaining(kv -> buffer.put(kv.key, kv.value));
        }
        this.metrics = new ReaderMetrics(context.metrics(), context.taskId().toString());
        hook = CommitHook.detached(hook);
        if (!perRecord) {
            // Under exactly-once the deltas and marks go out as each commit starts, in it (CommitHook); the timer is
            // then only a fallback. Otherwise every flush interval. The action writes the marks store; the dedupe
            // stores are listed too, so a change to the action cannot miss a commit.
            hook = CommitHook.attach(context, fold, this::tick, marks, seen, legacySeen);
            context.schedule(config.flushInterval(), PunctuationType.WALL_CLOCK_TIME, t -> {
                if (hook == null || hook.silentFor(config.flushInterval().toMillis(), t)) {
                    tick(t);
                }
            });
        }
    }

    private void tick(long now) {
        flush();
        advance(now, false);
        metrics.idle(progress.idle(now));
    }

    @Override
    public void close() {
        hook = CommitHook.detached(hook);
    }

    @Override
    public void process(Record<String, ReaderInput> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        long now = context.currentSystemTimeMs();
        if (record.value() instanceof ReaderInput.ById byId) {
            Routed routed = byId.routed();
            if (routed == null) {
                // Nothing routed: a replay's end-of-input marker, which keeps this partition from looking empty while
                // events are read (Kafka Streams formats a log line per empty partition each time it picks a record).
                return;
            }
            progress.onAlive(now); // events, bad input and end markers tell progress themselves
            if (routed instanceof Routed.Tick t) {
                if (byIdMarks.accept(t.mark())) {
                    marks.put("byId|" + t.mark().source(), byIdMarks.of(t.mark().source()));
                }
            } else if (routed instanceof Routed.Event event) {
                home(event.event(), watermark);
            }
        } else if (record.value() instanceof ReaderInput.Read read) {
            if (read.event() instanceof Validated.Rejected<PulseEvent> rejected) {
                if (record.headers().lastHeader(Watermarks.END_OF_INPUT_HEADER) != null) {
                    progress.onEnd(meta.topic(), now);
                } else {
                    progress.onRecord(meta.topic(), now);
                    context.forward(
                            new Record<>((String) null, new Out.Dlq(rejected.originalKey(), rejected.record()), now));
                }
            } else if (read.event() instanceof Validated.Valid<PulseEvent> valid) {
                PulseEvent e = valid.value();
                // Late means late within its own partition (SPEC §9): behind what that partition had already read by
                // more than the window and its grace, or behind a watermark that has closed its window anyway.
                long lateAgainst = Math.max(progress.progressOf(meta.topic()), watermark);
                progress.onEvent(meta.topic(), e.occurredAt(), now);
                if (perRecord) {
                    recompute(now); // replay: lateness is judged against the watermark as of this record
                }
                int home = homeOf(e.eventId(), partitions);
                if (config.dedupe() == PulseStreamsConfig.DedupeMode.BY_EVENT_ID || home != task) {
                    metrics.routed();
                    context.forward(
                            new Record<>(e.eventId(), new Out.ById(new Routed.Event(e)), Math.max(0, e.occurredAt())));
                } else {
                    home(e, Math.max(lateAgainst, watermark));
                }
            }
        }
        // Without a wall clock (replay) the task forwards every flushRecords records, and at the end of the input;
        // the watermark moves only there, so a mark never overtakes deltas still in the buffer.
        if (perRecord && (++unflushed >= config.flushRecords() || progressEnded(record))) {
            unflushed = 0;
            flush();
            advance(now, true);
        }
    }

    private static boolean progressEnded(Record<String, ReaderInput> record) {
        return record.headers().lastHeader(Watermarks.END_OF_INPUT_HEADER) != null;
    }

    /** The partition an eventId hashes to with Kafka's default partitioner: where its copies meet. */
    public static int homeOf(String eventId, int partitions) {
        return Utils.toPositive(Utils.murmur2(eventId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Deduplicates an event in its home partition, reports what is late, folds the rest. */
    private void home(PulseEvent e, long lateAgainst) {
        String key = e.dedupeKey();
        long t = e.occurredAt();
        if (!legacyDecided) {
            legacyDecided = true;
            rememberLegacyDedupe();
        }
        long generation = Math.floorDiv(t, horizonMs) * horizonMs;
        if (seenBefore(key, t, generation)) {
            metrics.duplicate();
            return; // a producer retry or a replay: counted once already
        }
        seen.put(key, t, generation);

        int closed = 0;
        List<Period> missed = null;
        for (PeriodKind kind : kinds) {
            Period p = periods.containing(kind, t);
            if (Watermarks.closed(p.end().toEpochMilli(), graceMs, lateAgainst)) {
                closed |= 1 << kind.ordinal();
                if (missed == null) {
                    missed = new ArrayList<>();
                }
                missed.add(p);
            }
        }
        if (missed != null) {
            late(e, missed, lateAgainst);
            if (missed.size() == kinds.size()) {
                return;
            }
        }
        long hour = periods.containing(PeriodKind.HOUR, e.occurredAt()).start().toEpochMilli();
        add(e, Scope.COMPANY, Scope.COMPANY_ID, closed, hour);
        add(e, Scope.CAMPAIGN, e.campaignId(), closed, hour);
        add(e, Scope.CHANNEL, e.channel(), closed, hour);
        add(e, Scope.EMPLOYEE, e.employeeId(), closed, hour);
        add(e, Scope.TEAM, directory.teamOf(e.employeeId(), e.occurredAt()), closed, hour);
    }

    /** Whether an event with this dedupe key and an event time within the horizon of {@code t} was read before. */
    private boolean seenBefore(String key, long t, long generation) {
        for (long g = Math.max(0, generation - horizonMs); g <= generation + horizonMs; g += horizonMs) {
            Long other = seen.fetch(key, g);
            if (other != null && Math.abs(other - t) <= horizonMs) {
                return true;
            }
        }
        if (t > legacyUntil) {
            return false;
        }
        try (WindowStoreIterator<Long> it = legacySeen.fetch(key, t - horizonMs, t + horizonMs)) {
            return it.hasNext();
        }
    }

    /**
     * State written before dedupe generations (one entry under each event's time) is still consulted for one horizon
     * past the latest event time read when the first event after the upgrade comes; nothing is written there any
     * more, and a new deployment never reads it.
     */
    private void rememberLegacyDedupe() {
        boolean any;
        try (KeyValueIterator<org.apache.kafka.streams.kstream.Windowed<String>, Long> it = legacySeen.all()) {
            any = it.hasNext();
        }
        if (!any) {
            return;
        }
        long latest = Math.max(progress.horizon(), byIdMarks.horizon());
        legacyUntil = latest == Watermarks.NONE ? Watermarks.END : latest + horizonMs;
        marks.put(LEGACY_DEDUPE_MARK, new Mark(task, legacyUntil, legacyUntil));
    }

    private void add(PulseEvent e, Scope scope, String id, int closed, long hour) {
        if (id == null) {
            return;
        }
        long t = e.occurredAt();
        long bucket = secondBuckets.contains(scope) ? Math.floorDiv(t, 1000L) * 1000L : hour;
        Bytes key = InternalSerdes.foldKey(scope, id, bucket, closed);
        Folded old = buffer.get(key);
        Folded now;
        if (old == null) {
            now = new Folded(t, e.measures(), e.customerId() == null ? List.of() : List.of(e.customerId()));
        } else {
            List<String> customers = old.customers();
            if (e.customerId() != null && !customers.contains(e.customerId())) {
                customers = new ArrayList<>(customers);
                customers.add(e.customerId());
            }
            now = new Folded(Math.max(old.latest(), t), old.measures().plus(e.measures()), customers);
        }
        buffer.put(key, now);
        fold.put(key, now);
    }

    /** Forwards the folded deltas and empties the buffer. */
    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        for (Map.Entry<Bytes, Folded> e : buffer.entrySet()) {
            var delta = InternalSerdes.delta(e.getKey(), e.getValue());
            context.forward(new Record<>(
                    delta.scopeKey(), new Out.ToScope(new ScopeInput.Delta(delta)), Math.max(0, delta.latest())));
            fold.delete(e.getKey());
        }
        metrics.deltas(buffer.size());
        buffer.clear();
    }

    /**
     * Recomputes the watermark and announces it: this task's own progress to every reading task (on the
     * by-eventId topic), and its watermark to every aggregator. An announcement goes out when the watermark
     * enters a new second (a new minute in per-record mode, replay's), which is all window boundaries, pace and
     * sliding rules need, and keeps a live, idle service from sending marks every flush.
     */
    private void advance(long now, boolean perRecordMode) {
        long grain = perRecordMode ? MINUTE : SECOND;
        long local = recompute(now);
        long horizon = Math.max(progress.horizon(), byIdMarks.horizon());
        // Live, the mark also goes out once a second unchanged: reading it back is how every reading task knows the
        // broker is reachable, without which silence does not mean caught up (PartitionProgress#onAlive).
        boolean heartbeat = !perRecordMode
                && config.closeOnWallClock()
                && (localSentAt == Long.MIN_VALUE || now - localSentAt >= SECOND);
        if ((partitions > 1 && changed(localSent, local, grain)) || heartbeat) {
            localSent = local;
            localSentAt = now;
            context.forward(new Record<>(
                    "", new Out.ById(new Routed.Tick(new Mark(task, local, progress.horizon()))), stamp(local, now)));
        }
        if (changed(sent, watermark, grain)) {
            sent = watermark;
            marks.put(OWN_MARK, new Mark(task, watermark, horizon));
            context.forward(new Record<>(
                    "",
                    new Out.ToScope(new ScopeInput.Tick(new Mark(task, watermark, horizon))),
                    stamp(watermark, now)));
        }
        metrics.watermark(watermark, now);
    }

    /**
     * Recomputes the watermark from the partitions' progress and what every reading task announced; returns this
     * task's own (local) part. Lateness is judged against it at once; it is announced only after a flush.
     */
    private long recompute(long now) {
        long local = progress.advance(now);
        // Alone, the task is its own only source on the by-eventId topic: no need to wait for its echo.
        long next = partitions > 1 ? Math.min(local, byIdMarks.watermark()) : local;
        watermark = Math.max(watermark, next);
        return local;
    }

    private static boolean changed(long before, long after, long grain) {
        if (after == before) {
            return false;
        }
        return after == Watermarks.END
                || before == Watermarks.NONE
                || Math.floorDiv(after, grain) != Math.floorDiv(before, grain);
    }

    /** Timestamp of a watermark record: its event time (so it is merged in order with events), or now at the end. */
    private static long stamp(long watermark, long now) {
        if (watermark == Watermarks.END) {
            return now;
        }
        return Math.max(0, watermark);
    }

    private void late(PulseEvent e, List<Period> missed, long lateAgainst) {
        long earliestClose = Long.MAX_VALUE;
        StringBuilder windows = new StringBuilder();
        for (int i = 0; i < missed.size(); i++) {
            Period p = missed.get(i);
            earliestClose = Math.min(earliestClose, p.end().toEpochMilli() + graceMs);
            windows.append(i == 0 ? "" : ", ").append(p.kind().id()).append(' ').append(p.name());
        }
        String by = lateAgainst == Watermarks.END
                ? "after the end of the input"
                : Duration.ofMillis(lateAgainst - earliestClose)
                                .toString()
                                .substring(2)
                                .toLowerCase() + " after its window closed";
        String reason = "late by " + by + ": " + windows + (missed.size() == 1 ? " had" : " have")
                + " closed (grace " + config.grace() + ", its partition read up to "
                + (lateAgainst == Watermarks.END ? "the end of the input" : Instant.ofEpochMilli(lateAgainst))
                + "); counted in the windows still open";
        String dedupeKey = e.dedupeKey();
        RejectedRecord r = Rejections.of(
                null,
                e.occurredAt(),
                dedupeKey.getBytes(StandardCharsets.UTF_8),
                Rejections.describe(
                                e.measures(),
                                "type",
                                e.type().id(),
                                "eventId",
                                e.eventId(),
                                "occurredAt",
                                Instant.ofEpochMilli(e.occurredAt()).toString())
                        .getBytes(StandardCharsets.UTF_8),
                reason,
                e.type().id(),
                e.eventId());
        r.setSourceTopic(e.source().topic());
        r.setPartition(e.source().partition());
        r.setOffset(e.source().offset());
        metrics.late();
        context.forward(new Record<>(dedupeKey, new Out.Late(r), context.currentSystemTimeMs()));
    }
}
