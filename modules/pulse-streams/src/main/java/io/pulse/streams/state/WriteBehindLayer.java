package io.pulse.streams.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * What the write-behind stores share: the stream thread's writes wait above the store below, keyed by {@code P}, and
 * go down when Kafka Streams flushes the task before a commit (also before a clean suspend or close), or when the
 * store asks for it; a store whose state lives for one run keeps them across commits ({@link #defersWriteDown}). Only
 * the thread that writes sees what waits; any other thread (interactive queries) reads below.
 *
 * @param <P> the key of a pending write
 */
abstract class WriteBehindLayer<S extends StateStore, K, V, P> extends WrappedStateStore<S, K, V> {
    /** A pending delete. */
    static final Object DELETED = new Object();
    /** Pending writes that force a write-down, bounding memory between commits. */
    static final int MAX_PENDING = 20_000;
    /** The same bound for a store whose writes wait across commits ({@link #defersWriteDown}). */
    static final int MAX_DEFERRED = 100_000;

    private final Map<P, Object> pending;
    /** The thread that writes (the task's stream thread); any other reads below. */
    private volatile Thread writer;
    /** What a processor runs just before each commit's write-down ({@link WriteBehindStore#beforeEachCommit}). */
    private Runnable beforeCommit;
    /** Whether anything was written since the last flush before a commit (then a close is not a clean one). */
    private boolean writtenSinceFlush;

    WriteBehindLayer(S below, Map<P, Object> pending) {
        super(below);
        this.pending = pending;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        writer = Thread.currentThread();
        super.init(context, root);
    }

    /** Called by Kafka Streams before every commit of the task, and when it is suspended or closed cleanly. */
    @Override
    public void flushCache() {
        Runnable action = beforeCommit;
        if (action != null) {
            action.run();
        }
        if (!defersWriteDown()) {
            writeDown();
        }
        writtenSinceFlush = false;
        super.flushCache();
    }

    @Override
    public void close() {
        // A clean close flushed first: what waits belongs to committed offsets (a deferring store's writes wait across
        // commits) and goes down. After a write that no flush followed, what waits includes writes of offsets never
        // committed, and is dropped: a deferring store loses its deferred writes with them, which is why only a store
        // whose state lives for one run defers.
        if (defersWriteDown() && !writtenSinceFlush) {
            writeDown();
        }
        pending.clear();
        super.close();
    }

    /**
     * Whether pending writes wait across commits, going down only at {@link #MAX_DEFERRED}, before a read of more than
     * one key, or at a clean close. For a store without a changelog whose state lives for one run (a replay's): a
     * commit then has nothing to keep consistent below, and writing every entry down cost a replay's reading thread a
     * quarter of its time.
     */
    boolean defersWriteDown() {
        return false;
    }

    final void beforeCommit(Runnable action) {
        this.beforeCommit = action;
    }

    /**
     * Records a write ({@link #DELETED} for a delete); writes everything down once {@link #MAX_PENDING} wait ({@link
     * #MAX_DEFERRED} if the store defers).
     */
    final void writePending(P key, Object value) {
        Thread t = Thread.currentThread();
        if (writer != t) {
            writeDown(); // the task moved to this thread: what the last one left goes down first
            writer = t;
        }
        pending.put(key, value);
        writtenSinceFlush = true;
        if (pending.size() >= (defersWriteDown() ? MAX_DEFERRED : MAX_PENDING)) {
            writeDown();
        }
    }

    /** Whether the calling thread is the writer. */
    final boolean writing() {
        return Thread.currentThread() == writer;
    }

    final boolean nonePending() {
        return pending.isEmpty();
    }

    /** What waits under {@code key} if the calling thread is the writer: a value, {@link #DELETED}, or null. */
    final Object pendingFor(P key) {
        return Thread.currentThread() == writer ? pending.get(key) : null;
    }

    /** Before a read of more than one key: the writer first writes down what waits, so it reads its own writes. */
    final void writeDownIfWriter() {
        if (Thread.currentThread() == writer) {
            writeDown();
        }
    }

    /** Writes every pending write to the store below, in the pending map's order. */
    final void writeDown() {
        if (pending.isEmpty()) {
            return;
        }
        List<Map.Entry<P, Object>> entries = new ArrayList<>(pending.entrySet());
        pending.clear();
        for (Map.Entry<P, Object> e : entries) {
            writeBelow(e.getKey(), e.getValue());
        }
    }

    /** Writes one pending write ({@link #DELETED} for a delete) to {@link #wrapped()}. */
    abstract void writeBelow(P key, Object value);
}
