package io.pulse.streams.processor;

import io.pulse.avro.control.DirectoryEntry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/**
 * Looks up an employee's team in the directory global table. The table keeps the topic's raw bytes (so a
 * malformed entry can never stop the global thread); entries are decoded here and the decoded team is
 * remembered while the raw bytes stay the same. An entry that does not decode or has no team gives no team.
 */
public final class DirectoryLookup {
    private static final int MAX_CACHED = 100_000;

    private final Deserializer<DirectoryEntry> deserializer;
    private final String topic;
    private final Map<String, Cached> cache = new HashMap<>();
    private Object store;

    private record Cached(byte[] raw, String team) {
    }

    private record Dated(long loadedNanos, java.util.TreeMap<Long, byte[]> entries) {
    }

    /** How long the dated assignments of an employee read from the global table are used before reading again. */
    private static final long DATED_TTL_NANOS = 1_000_000_000L;
    private final Map<String, Dated> datedCache = new HashMap<>();

    public DirectoryLookup(Deserializer<DirectoryEntry> deserializer, String topic) {
        this.deserializer = deserializer;
        this.topic = topic;
    }

    void bind(Object store) {
        this.store = store;
    }

    @SuppressWarnings("unchecked")
    private byte[] get(String key) {
        if (store instanceof TimestampedKeyValueStore<?, ?> ts) {
            ValueAndTimestamp<byte[]> v = ((TimestampedKeyValueStore<String, byte[]>) ts).get(key);
            return v == null ? null : v.value();
        }
        return ((KeyValueStore<String, byte[]>) store).get(key);
    }

    /** Dated assignments of one employee, by validFrom; read from the store at most once a second per employee. */
    @SuppressWarnings("unchecked")
    private java.util.TreeMap<Long, byte[]> dated(String employee) {
        long now = System.nanoTime();
        Dated d = datedCache.get(employee);
        if (d != null && now - d.loadedNanos < DATED_TTL_NANOS) {
            return d.entries;
        }
        java.util.TreeMap<Long, byte[]> entries = new java.util.TreeMap<>();
        String from = io.pulse.streams.state.DirectoryKeys.dated(employee, 0);
        String to = io.pulse.streams.state.DirectoryKeys.dated(employee, Long.MAX_VALUE);
        if (store instanceof TimestampedKeyValueStore<?, ?> ts) {
            try (var it = ((TimestampedKeyValueStore<String, byte[]>) ts).range(from, to)) {
                it.forEachRemaining(kv -> {
                    if (kv.value != null && kv.value.value() != null) {
                        entries.put(Long.parseLong(kv.key.substring(kv.key.lastIndexOf('@') + 1)), kv.value.value());
                    }
                });
            }
        } else {
            try (var it = ((KeyValueStore<String, byte[]>) store).range(from, to)) {
                it.forEachRemaining(kv -> {
                    if (kv.value != null) {
                        entries.put(Long.parseLong(kv.key.substring(kv.key.lastIndexOf('@') + 1)), kv.value);
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
        byte[] raw = floor != null ? floor.getValue() : get(employee);
        if (raw == null) {
            return null;
        }
        String cacheKey = floor != null ? employee + '@' + floor.getKey() : employee;
        Cached c = cache.get(cacheKey);
        if (c != null && Arrays.equals(c.raw, raw)) {
            return c.team;
        }
        String team;
        try {
            DirectoryEntry e = deserializer.deserialize(topic, raw);
            team = e == null || e.getTeam() == null || e.getTeam().isBlank() ? null : e.getTeam();
        } catch (io.pulse.serde.SchemaRegistryUnavailableException e) {
            throw e; // a registry that does not answer is not bad input: the thread is replaced and reads it again
        } catch (RuntimeException e) {
            team = null;
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(cacheKey, new Cached(raw, team));
        return team;
    }
}
