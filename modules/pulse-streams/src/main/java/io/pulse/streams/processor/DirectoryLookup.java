package io.pulse.streams.processor;

import io.pulse.core.plan.DirectoryEntry;
import io.pulse.streams.state.DirectoryKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Looks up an employee's team in the directory global table, which holds the validated entries themselves
 * ({@link io.pulse.streams.state.InternalSerdes#directory}), keyed as {@link DirectoryKeys} says.
 */
public final class DirectoryLookup {
    private static final int MAX_CACHED = 100_000;
    /** How long the dated assignments of an employee read from the global table are used before reading again. */
    private static final long DATED_TTL_NANOS = 1_000_000_000L;

    private final Map<String, Dated> datedCache = new HashMap<>();
    private Object store;

    private record Dated(long loadedNanos, TreeMap<Long, DirectoryEntry> entries) {}

    void bind(Object store) {
        this.store = store;
    }

    @SuppressWarnings("unchecked")
    private DirectoryEntry get(String key) {
        if (store instanceof TimestampedKeyValueStore<?, ?> ts) {
            ValueAndTimestamp<DirectoryEntry> v = ((TimestampedKeyValueStore<String, DirectoryEntry>) ts).get(key);
            return v == null ? null : v.value();
        }
        return ((KeyValueStore<String, DirectoryEntry>) store).get(key);
    }

    /** Dated assignments of one employee, by validFrom; read from the store at most once a second per employee. */
    @SuppressWarnings("unchecked")
    private TreeMap<Long, DirectoryEntry> dated(String employee) {
        long now = System.nanoTime();
        Dated d = datedCache.get(employee);
        if (d != null && now - d.loadedNanos < DATED_TTL_NANOS) {
            return d.entries;
        }
        TreeMap<Long, DirectoryEntry> entries = new TreeMap<>();
        String from = DirectoryKeys.dated(employee, 0);
        String to = DirectoryKeys.dated(employee, Long.MAX_VALUE);
        if (store instanceof TimestampedKeyValueStore<?, ?> ts) {
            try (var it = ((TimestampedKeyValueStore<String, DirectoryEntry>) ts).range(from, to)) {
                it.forEachRemaining(kv -> {
                    if (kv.value != null && kv.value.value() != null) {
                        entries.put(DirectoryKeys.validFromOf(kv.key), kv.value.value());
                    }
                });
            }
        } else {
            try (var it = ((KeyValueStore<String, DirectoryEntry>) store).range(from, to)) {
                it.forEachRemaining(kv -> {
                    if (kv.value != null) {
                        entries.put(DirectoryKeys.validFromOf(kv.key), kv.value);
                    }
                });
            }
        }
        if (datedCache.size() >= MAX_CACHED) {
            datedCache.clear();
        }
        datedCache.put(employee, new Dated(now, entries));
        return entries;
    }

    /** The team of {@code employee} for an event at {@code at}: its latest dated assignment by then, else its undated one. */
    String teamOf(String employee, long at) {
        if (employee == null) {
            return null;
        }
        var floor = dated(employee).floorEntry(at);
        DirectoryEntry entry = floor != null ? floor.getValue() : get(DirectoryKeys.undated(employee));
        return entry == null ? null : entry.team();
    }
}
