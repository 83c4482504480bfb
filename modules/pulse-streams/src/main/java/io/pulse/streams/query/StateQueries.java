package io.pulse.streams.query;

import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.processor.KpiRows;
import io.pulse.streams.state.DirectoryKeys;
import io.pulse.streams.state.WindowKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Typed reads of one partition of the aggregator's stores, for interactive queries: the key layouts and value
 * formats stay behind this class, so the HTTP API never decodes a store's bytes itself.
 */
public final class StateQueries {
    private StateQueries() {}

    /** Name of the store of calendar aggregates (route a KPI query by it). */
    public static String aggregatesStore() {
        return PulseTopology.AGGREGATES_STORE;
    }

    /** Name of the store of scorecards (route a scorecard query by it). */
    public static String scorecardsStore() {
        return PulseTopology.SCORECARDS_STORE;
    }

    public static QueryableStoreType<ReadOnlyKeyValueStore<Bytes, MeasureVector>> aggregatesType() {
        return QueryableStoreTypes.keyValueStore();
    }

    public static QueryableStoreType<ReadOnlyKeyValueStore<String, Scorecard>> scorecardsType() {
        return QueryableStoreTypes.keyValueStore();
    }

    /** Name of the directory's global table (every instance holds all of it). */
    public static String directoryStore() {
        return PulseTopology.DIRECTORY_STORE;
    }

    public static QueryableStoreType<ReadOnlyKeyValueStore<String, DirectoryEntry>> directoryType() {
        return QueryableStoreTypes.keyValueStore();
    }

    /** The measure vectors of the windows of one scope, id and kind whose start is in {@code [fromStart, toStart]}, by start. */
    public static Map<Long, MeasureVector> windows(
            ReadOnlyKeyValueStore<Bytes, MeasureVector> store,
            Scope scope,
            String id,
            PeriodKind kind,
            Instant fromStart,
            Instant toStart) {
        Map<Long, MeasureVector> windows = new LinkedHashMap<>();
        Bytes[] range = WindowKey.range(scope, id, kind, fromStart.toEpochMilli(), toStart.toEpochMilli());
        try (KeyValueIterator<Bytes, MeasureVector> it = store.range(range[0], range[1])) {
            while (it.hasNext()) {
                KeyValue<Bytes, MeasureVector> kv = it.next();
                WindowKey wk = WindowKey.fromBytes(kv.key.get());
                // The byte order keeps one scope/id/kind together, but check: a range is only as good as its bounds.
                if (wk.scope() == scope && wk.id().equals(id) && wk.kind() == kind && kv.value != null) {
                    windows.put(wk.start(), kv.value);
                }
            }
        }
        return windows;
    }

    /** One window's measures, or null. */
    public static MeasureVector window(
            ReadOnlyKeyValueStore<Bytes, MeasureVector> store, Scope scope, String id, PeriodKind kind, Instant start) {
        return store.get(new WindowKey(scope, id, kind, start.toEpochMilli()).toBytes());
    }

    /** The ids of {@code scope} with a window of {@code kind} starting at {@code start} in this partition, sorted. */
    public static SortedSet<String> ids(
            ReadOnlyKeyValueStore<Bytes, MeasureVector> store, Scope scope, PeriodKind kind, Instant start) {
        SortedSet<String> ids = new TreeSet<>();
        // Every key of a scope starts with its ordinal: [ordinal] .. [ordinal + 1] holds exactly that scope.
        Bytes from = WindowKey.scopePrefix(scope);
        Bytes to = Bytes.wrap(new byte[] {(byte) (scope.ordinal() + 1)});
        try (KeyValueIterator<Bytes, MeasureVector> it = store.range(from, to)) {
            while (it.hasNext()) {
                WindowKey wk = WindowKey.fromBytes(it.next().key.get());
                if (wk.scope() == scope && wk.kind() == kind && wk.start() == start.toEpochMilli()) {
                    ids.add(wk.id());
                }
            }
        }
        return ids;
    }

    /** The ids of {@code scope} with a scorecard of {@code kind} for the period starting at {@code start}, sorted. */
    public static SortedSet<String> scorecardIds(
            ReadOnlyKeyValueStore<String, Scorecard> store, Scope scope, PeriodKind kind, Instant start) {
        SortedSet<String> ids = new TreeSet<>();
        String prefix = scope.id() + '|';
        String suffix = "|" + kind.id() + '|' + start.toEpochMilli();
        try (KeyValueIterator<String, Scorecard> it = store.all()) { // few keys: one per plan and period
            while (it.hasNext()) {
                String key = it.next().key;
                if (key.startsWith(prefix)
                        && key.endsWith(suffix)
                        && key.length() > prefix.length() + suffix.length()) {
                    ids.add(key.substring(prefix.length(), key.length() - suffix.length()));
                }
            }
        }
        return ids;
    }

    /** The latest scorecard of one plan's period, if it has one. */
    public static Optional<Scorecard> scorecard(
            ReadOnlyKeyValueStore<String, Scorecard> store,
            Scope scope,
            String id,
            PeriodKind kind,
            Instant periodStart) {
        return Optional.ofNullable(
                store.get(scope.id() + '|' + id + '|' + kind.id() + '|' + periodStart.toEpochMilli()));
    }

    /** The team {@code employee} belongs to at {@code at} by the directory's global table, or null. */
    public static String teamAt(ReadOnlyKeyValueStore<String, DirectoryEntry> directory, String employee, long at) {
        DirectoryEntry entry = DirectoryKeys.entryAt(employee, at, directory::get, directory::range);
        return entry == null ? null : entry.team();
    }

    /** The KPI row of one window, exactly as the topology publishes it. */
    public static KpiValue row(
            Kpi kpi,
            io.pulse.core.kpi.KpiValue value,
            Scope scope,
            String id,
            Period period,
            String currency,
            boolean fin) {
        return KpiRows.row(
                kpi,
                value,
                new WindowKey(scope, id, period.kind(), period.start().toEpochMilli()),
                period,
                currency,
                fin);
    }
}
