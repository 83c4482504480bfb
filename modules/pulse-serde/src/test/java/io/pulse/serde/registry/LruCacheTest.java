package io.pulse.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LruCacheTest {

    @Test
    void shouldEvictTheLeastRecentlyUsedEntryBeyondItsCapacity() {
        // Given a cache of two where "a" was read after "b" was written
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");

        // When a third entry arrives
        cache.put("c", 3);

        // Then "b", the least recently used, is gone
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo(1);
        assertThat(cache.computeIfAbsent("c", k -> 99)).isEqualTo(3);
    }
}
