package io.pulse.streams.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that keeps the writes of its stream thread as objects in a hash map and writes them to the store
 * below (metered, cached, changelogged) only when the task commits.
 *
 * <p>Why: the aggregator adds every folded delta to six windows, and the reading task rewrites its fold buffer on
 * every event. Below this layer each of those writes serializes its value, meters the call and finds its entry in the
 * record cache's sorted map; here it is one hash-map put, and a key written many times between two commits is
 * serialized and logged once.
 *
 * <p>Crash safety: Kafka Streams flushes every store's cache before it commits a task's offsets (and, under
 * exactly-once, its transaction), also when a task is suspended or closed cleanly; this layer writes its pending
 * entries down at that moment, so they reach the changelog with the offsets they came from. A crash loses them
 * together with the uncommitted offsets, which are read again.
 *
 * <p>Reads by the writing thread see its pending writes; a range read writes them down first. Interactive queries
 * (any other thread) read the store below and see the state as of the last write-down: the last commit, or at most
 * {@link #MAX_AGE_MS} ago, since a write after that long writes everything down.
 */
public final class WriteBehindStore<K, V> extends WriteBehindLayer<KeyValueStore<K, V>, K, V, K>
        implements KeyValueStore<K, V> {
    /** Age of the oldest pending write that forces a write-down (long commit intervals under at-least-once). */
    static final long MAX_AGE_MS = 1_000;

    /**
     * Whether a pending delete first asks the store below ({@link #overSmall}): a key written and deleted between two
     * commits then never reaches the store below or its changelog.
     */
    private final boolean checkDeletes;

    /** With {@link #checkDeletes}: keys this instance wrote below since it was opened, known to be there. */
    private final Set<K> writtenDown = new HashSet<>();

    private long oldestPendingAt;

    private WriteBehindStore(KeyValueStore<K, V> below, boolean checkDeletes) {
        super(below, new HashMap<>());
        this.checkDeletes = checkDeletes;
    }

    /** Wraps the stores {@code below} builds (caching and logging settings apply to them). */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> over(StoreBuilder<KeyValueStore<K, V>> below) {
        return new WrappingStoreBuilder<>(below, s -> new WriteBehindStore<>(s, false));
    }

    /**
     * As {@link #over}, for a buffer whose entries are mostly deleted before the commit they were written in: such a
     * delete costs a lookup that misses below, and neither a delete there nor a tombstone in the changelog. The keys
     * it wrote below are kept in memory, so the store should hold few at a time.
     */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> overSmall(StoreBuilder<KeyValueStore<K, V>> below) {
        return new WrappingStoreBuilder<>(below, s -> new WriteBehindStore<>(s, true));
    }

    /**
     * Runs {@code action} each time Kafka Streams flushes a write-behind store (this one or a {@link
     * WriteBehindWindowStore}) ahead of committing its task (also before a clean suspend or close), before the pending
     * entries go down: what the action writes here, and what it forwards, is in
     * that commit. Stores the task flushes after this one (those registered after it) also take what the action
     * writes to them into that commit; stores flushed before it would not. {@code store} is the store as a processor
     * got it from its context; {@code null} clears the action.
     *
     * @return false if {@code store} is not a write-behind store (the action will never run)
     */
    public static boolean beforeEachCommit(StateStore store, Runnable action) {
        StateStore s = store;
        while (!(s instanceof WriteBehindLayer<?, ?, ?, ?>) && s instanceof WrappedStateStore<?, ?, ?> w) {
            s = w.wrapped();
        }
        if (s instanceof WriteBehindLayer<?, ?, ?, ?> wb) {
            wb.beforeCommit(action);
            return true;
        }
        return false;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        writtenDown.clear();
        super.init(context, root);
    }

    @Override
    public void put(K key, V value) {
        write(key, value == null ? DELETED : value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> kv : entries) {
            put(kv.key, kv.value);
        }
    }

    @Override
    public V delete(K key) {
        V old = get(key);
        write(key, DELETED);
        return old;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(K key) {
        Object p = pendingFor(key);
        if (p != null) {
            return p == DELETED ? null : (V) p;
        }
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeDownIfWriter();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeDownIfWriter();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeDownIfWriter();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeDownIfWriter();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<K, V> prefixScan(
            P prefix, PS prefixKeySerializer) {
        writeDownIfWriter();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    private void write(K key, Object value) {
        long now = System.currentTimeMillis();
        if (nonePending()) {
            oldestPendingAt = now;
        }
        writePending(key, value);
        if (now - oldestPendingAt >= MAX_AGE_MS) {
            writeDown();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    void writeBelow(K key, Object value) {
        KeyValueStore<K, V> below = wrapped();
        if (value != DELETED) {
            below.put(key, (V) value);
            if (checkDeletes) {
                writtenDown.add(key);
            }
        } else if (!checkDeletes || writtenDown.remove(key) || below.get(key) != null) {
            // (the lookup finds what a restoration wrote: a standby's, before it became this active task)
            below.delete(key);
        }
    }
}
