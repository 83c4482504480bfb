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

    public DirectoryLookup(Deserializer<DirectoryEntry> deserializer, String topic) {
        this.deserializer = deserializer;
        this.topic = topic;
    }

    void bind(Object store) {
        this.store = store;
    }

    @SuppressWarnings("unchecked")
    private byte[] raw(String employee) {
        if (store instanceof TimestampedKeyValueStore<?, ?> ts) {
            ValueAndTimestamp<byte[]> v = ((TimestampedKeyValueStore<String, byte[]>) ts).get(employee);
            return v == null ? null : v.value();
        }
        return ((KeyValueStore<String, byte[]>) store).get(employee);
    }

    String teamOf(String employee) {
        if (employee == null) {
            return null;
        }
        byte[] raw = raw(employee);
        if (raw == null) {
            return null;
        }
        Cached c = cache.get(employee);
        if (c != null && Arrays.equals(c.raw, raw)) {
            return c.team;
        }
        String team;
        try {
            DirectoryEntry e = deserializer.deserialize(topic, raw);
            team = e == null || e.getTeam() == null || e.getTeam().isBlank() ? null : e.getTeam();
        } catch (RuntimeException e) {
            team = null;
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(employee, new Cached(raw, team));
        return team;
    }
}
