package io.pulse.streams.state;

import java.util.LinkedHashMap;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@link WriteBehindStore}'s idea for a window store, written for the reading task's dedupe store: the stream
 * thread's puts wait in a hash map, in the order they came, and go to the store below (metered, changelogged, RocksDB,
 * with no record cache) when Kafka Streams flushes the task before a commit (a replay's, built {@code oneRun}: only
 * past a bound, before a wider read, or at a clean close). A point fetch by the writing thread looks
 * in the map first; any other read writes the pending puts down first (by the writing thread) or reads below (any
 * other thread: interactive queries see the last write-down).
 *
 * <p>Why: the record cache keeps its entries in a sorted map of serialized keys. The dedupe store is looked up three
 * times and written once per event, nearly always for an eventId new to the cache, so each event paid four searches
 * of a sorted map of every eventId of the commit interval, comparing byte arrays that share a long prefix, and a
 * fifth insert at the flush. In a replay that was about a third of the stream thread's time. Writing down at the
 * commit keeps what the cache gave: the changelog records of a commit go out together, before its transaction
 * commits (written one by one as they came, the first of them met the end of the previous transaction on the broker).
 *
 * <p>Write-down order is arrival order, so a segmented store below sees its stream time advance as it would have.
 *
 * <p>A store without a changelog (a replay's) is never restored: what it holds came through this layer since it was
 * opened. If it was empty when the writer first used it, a point fetch of a key and window never put since then
 * reads nothing below, and {@link PutFilter} tells so without asking: RocksDB answered each of those misses by
 * throwing and catching a C++ exception inside its JNI call, about a sixth of a replay's reading thread. A store
 * with a changelog always asks below (a restore or a standby writes there without passing through this layer).
 */
public final class WriteBehindWindowStore<K, V>
        extends WriteBehindLayer<WindowStore<K, V>, K, V, WriteBehindWindowStore.At<K>> implements WindowStore<K, V> {
    /** Where a put goes: a key and the start of its window. */
    record At<K>(K key, long windowStart) {}

    /** Whether the store below has a changelog: then it may be written without this layer (restore, standby). */
    private final boolean logged;
    /** Whether the state lives for one run: then writes wait across commits ({@link #defersWriteDown}). */
    private final boolean oneRun;
    /** The keys and windows put since the store was found empty; null while undecided or when it was not. */
    private PutFilter puts;
    /** Whether the writer has looked at the store below since it was opened. */
    private boolean decided;

    WriteBehindWindowStore(WindowStore<K, V> below, boolean logged) {
        this(below, logged, false);
    }

    WriteBehindWindowStore(WindowStore<K, V> below, boolean logged, boolean oneRun) {
        // In arrival order: see the class comment.
        super(below, new LinkedHashMap<>());
        this.logged = logged;
        this.oneRun = oneRun && !logged;
    }

    /** Wraps the stores {@code below} builds (build them without a record cache: this layer replaces it). */
    public static <K, V> StoreBuilder<WindowStore<K, V>> over(StoreBuilder<WindowStore<K, V>> below) {
        return over(below, false);
    }

    /**
     * As {@link #over(StoreBuilder)}; with {@code oneRun}, a store built without a changelog holds the state of one run
     * (a replay's, dropped at its end) and keeps its writes above it across commits ({@link #defersWriteDown}).
     */
    public static <K, V> StoreBuilder<WindowStore<K, V>> over(StoreBuilder<WindowStore<K, V>> below, boolean oneRun) {
        return new WrappingStoreBuilder<>(below, s -> new WriteBehindWindowStore<>(s, below.loggingEnabled(), oneRun));
    }

    @Override
    boolean defersWriteDown() {
        return oneRun;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        puts = null;
        decided = false;
        super.init(context, root);
    }

    @Override
    public void put(K key, V value, long windowStartTimestamp) {
        decide();
        if (puts != null) {
            puts.add(key.hashCode(), windowStartTimestamp);
        }
        writePending(new At<>(key, windowStartTimestamp), value == null ? DELETED : value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V fetch(K key, long time) {
        Object p = pendingFor(new At<>(key, time));
        if (p != null) {
            return p == DELETED ? null : (V) p;
        }
        if (writing()) {
            decide();
            if (puts != null && !puts.mayContain(key.hashCode(), time)) {
                return null; // never put since the store was empty, and nothing else writes it
            }
        }
        return wrapped().fetch(key, time);
    }

    /**
     * At the writer's first use after opening (a restore, if any, is over by then): keep a {@link PutFilter} if the
     * store has no changelog and holds nothing yet.
     */
    private void decide() {
        if (decided) {
            return;
        }
        decided = true;
        if (!logged && nonePending()) {
            try (KeyValueIterator<Windowed<K>, V> all = wrapped().all()) {
                puts = all.hasNext() ? null : new PutFilter();
            }
        }
    }

    /** Whether the filter is in use (for tests). */
    boolean filtering() {
        return puts != null;
    }

    @Override
    public WindowStoreIterator<V> fetch(K key, long timeFrom, long timeTo) {
        writeDownIfWriter();
        return wrapped().fetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<V> backwardFetch(K key, long timeFrom, long timeTo) {
        writeDownIfWriter();
        return wrapped().backwardFetch(key, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetch(K keyFrom, K keyTo, long timeFrom, long timeTo) {
        writeDownIfWriter();
        return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> backwardFetch(K keyFrom, K keyTo, long timeFrom, long timeTo) {
        writeDownIfWriter();
        return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetchAll(long timeFrom, long timeTo) {
        writeDownIfWriter();
        return wrapped().fetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> backwardFetchAll(long timeFrom, long timeTo) {
        writeDownIfWriter();
        return wrapped().backwardFetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> all() {
        writeDownIfWriter();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> backwardAll() {
        writeDownIfWriter();
        return wrapped().backwardAll();
    }

    @Override
    @SuppressWarnings("unchecked")
    void writeBelow(At<K> at, Object value) {
        wrapped().put(at.key(), value == DELETED ? null : (V) value, at.windowStart());
    }
}
