package io.pulse.app.http;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** A sorted in-memory stand-in for one partition of a RocksDB store (same key order for {@code Bytes} and strings). */
final class InMemoryStore<K extends Comparable<K>, V> implements ReadOnlyKeyValueStore<K, V> {
    final NavigableMap<K, V> data = new TreeMap<>();

    InMemoryStore<K, V> put(K key, V value) {
        data.put(key, value);
        return this;
    }

    @Override
    public V get(K key) {
        return data.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return iterator(data.subMap(from, true, to, true));
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return iterator(data);
    }

    @Override
    public long approximateNumEntries() {
        return data.size();
    }

    private static <K, V> KeyValueIterator<K, V> iterator(Map<K, V> m) {
        Iterator<Map.Entry<K, V>> it = Map.copyOf(m).entrySet().stream()
                .sorted(Map.Entry.comparingByKey((a, b) -> ((Comparable<Object>) a).compareTo(b)))
                .iterator();
        return new KeyValueIterator<>() {
            @Override
            public void close() {}

            @Override
            public K peekNextKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<K, V> next() {
                Map.Entry<K, V> e = it.next();
                return KeyValue.pair(e.getKey(), e.getValue());
            }
        };
    }
}
