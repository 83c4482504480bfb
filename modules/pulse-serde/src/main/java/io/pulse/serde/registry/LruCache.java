package io.pulse.serde.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small bounded least-recently-used map; callers hold no lock across loads. */
final class LruCache<K, V> {

    private final Map<K, V> map;

    LruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }

    synchronized int size() {
        return map.size();
    }

    /** Returns the cached value or loads it; two threads may both load, the result is the same. */
    V computeIfAbsent(K key, Function<K, V> loader) {
        V cached = get(key);
        if (cached != null) {
            return cached;
        }
        V loaded = loader.apply(key);
        put(key, loaded);
        return loaded;
    }
}
