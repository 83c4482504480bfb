package io.pulse.streams.processor;

import io.pulse.streams.state.WriteBehindStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Runs a processor's periodic output at the moment its task commits, so that output is part of that commit.
 *
 * <p>Under exactly-once nothing a task forwards is visible before its thread commits. Output forwarded on a timer of
 * the task's own waits for the timer and then again for the commit; output forwarded as the commit starts waits for
 * neither. Kafka Streams tells processors nothing of its commits, but it flushes every store of a task just before
 * it commits the task (a record cache forwards what it holds at that moment: that is how a cached KTable emits). A
 * {@link WriteBehindStore} runs the processor's action there ({@link WriteBehindStore#beforeEachCommit}), with the
 * processor as the current node and a record context like a punctuator's, as the record cache does for its node.
 * The first action of a commit also runs the others of its thread, so they all send before the first task's
 * preparation waits for the broker ({@link ThreadCommits#flushOthers}).
 *
 * <p>Only under exactly-once: without it output is visible as soon as it is sent, and processors keep their timers.
 * The processor keeps a timer under exactly-once too, as a fallback: a timer firing also makes Kafka Streams flush
 * the task at its next commit, so a task with nothing to read still runs its action at every commit.
 */
final class CommitHook {
    /** Kafka Streams' commit interval under exactly-once when the application sets none. */
    private static final long DEFAULT_EOS_COMMIT_MS = 100;

    /** What the tasks of one stream thread know of its commits: theirs all run in the same ones. */
    private static final ThreadLocal<ThreadCommits> THREADS = new ThreadLocal<>();

    private final ProcessorContext<?, ?> context;
    private final StateStore store;
    private final long commitMs;
    private long lastRunAt;
    /** The thread this hook is attached on. */
    private final ThreadCommits owner;

    private CommitHook(ProcessorContext<?, ?> context, StateStore store, long commitMs, long now) {
        this.context = context;
        this.store = store;
        this.commitMs = commitMs;
        this.lastRunAt = now;
        this.owner = threadCommits(context);
    }

    /**
     * Runs {@code action} (given the thread's current time) before each commit of the task that owns {@code store}, a
     * write-behind store of the calling processor, and then flushes the record caches of {@code written}, the other
     * stores the action may write: Kafka Streams flushes a task's stores one after another in an order of its own, so
     * one flushed before {@code store} would otherwise keep what the action wrote until the next commit, while what
     * it forwarded is in this one. The action may also run earlier in the same commit, from another task's
     * preparation, and then again in its own (see {@link ThreadCommits#flushOthers}). Call from {@code Processor.init}.
     *
     * @return the hook, or null when output is not held until commits (at-least-once), or Kafka Streams' internals
     *     are not there (a mock context): the caller then keeps its own timers only
     */
    static CommitHook attach(
            ProcessorContext<?, ?> context, StateStore store, LongConsumer action, StateStore... written) {
        if (!exactlyOnce(context) || !(context instanceof InternalProcessorContext<?, ?> internal)) {
            return null;
        }
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
        if (node == null) {
            return null;
        }
        long now = internal.currentSystemTimeMs();
        CommitHook hook = new CommitHook(context, store, commitIntervalMs(context), now);
        Runnable run = () -> {
            ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
            ProcessorRecordContext previousRecord = internal.recordContext();
            // Run by another task's action (ThreadCommits.flushOthers), this task's own clock may not have been set
            // yet (a task that has not processed or punctuated since it started reads -1): the thread's time then.
            long own = internal.currentSystemTimeMs();
            long t = hook.owner.othersAt != Long.MIN_VALUE
                    ? hook.owner.othersAt
                    : own >= 0 ? own : System.currentTimeMillis();
            internal.setRecordContext(new ProcessorRecordContext(t, -1, -1, null, new RecordHeaders()));
            internal.setCurrentNode(node);
            boolean first;
            try {
                first = hook.owner.onCommit(hook.commitMs);
                hook.lastRunAt = t;
                action.accept(t);
                for (StateStore w : written) {
                    if (w instanceof CachedStateStore<?, ?> cached) {
                        cached.flushCache();
                    }
                }
            } finally {
                internal.setCurrentNode(previousNode);
                internal.setRecordContext(previousRecord);
            }
            if (first) {
                hook.owner.flushOthers(hook, t);
            }
        };
        if (!WriteBehindStore.beforeEachCommit(store, run)) {
            return null;
        }
        hook.owner.hooks.add(hook);
        return hook;
    }

    /** Flushes this hook's store as Kafka Streams does before a commit: runs the action, writes down what waits. */
    private void flushStoreFirst(long now) {
        if (!(store instanceof CachedStateStore<?, ?> cached)
                || !(context instanceof InternalProcessorContext<?, ?> internal)
                || !store.isOpen()) {
            return;
        }
        // What the flush writes down after the action is logged under the task's record context, which a task that
        // has neither processed nor punctuated since it started does not have yet.
        ProcessorRecordContext previous = internal.recordContext();
        internal.setRecordContext(new ProcessorRecordContext(now, -1, -1, null, new RecordHeaders()));
        try {
            cached.flushCache();
        } finally {
            internal.setRecordContext(previous);
        }
    }

    /** Whether the action has not run for {@code ms} plus two commit intervals: the fallback timer's turn. */
    boolean silentFor(long ms, long now) {
        return now - lastRunAt >= ms + 2 * commitMs;
    }

    /**
     * Asks Kafka Streams to commit this task's thread now, if its own next commit is more than a quarter of a commit
     * interval away and no commit was asked for since its last one: output that is due then goes out in a commit right
     * away rather than up to a commit interval later, and the thread commits at most twice per interval. A commit
     * asked for commits every task of the thread.
     *
     * @return whether a commit was asked for
     */
    boolean askForCommitIfFar() {
        if (owner.mayAsk(commitMs)) {
            context.commit();
            return true;
        }
        return false;
    }

    /** The calling stream thread's commits (hooks are attached on the thread that runs their task). */
    private static ThreadCommits threadCommits(ProcessorContext<?, ?> context) {
        ThreadCommits t = THREADS.get();
        if (t == null) {
            t = new ThreadCommits(commitsOfThisThread(context));
            THREADS.set(t);
        }
        return t;
    }

    /**
     * The thread's commits, told apart by its {@code commit-total} metric (public, group {@code stream-thread-metrics},
     * counted after each commit): the actions of one commit all see the same count. A commit that comes nine tenths
     * of a commit interval or more after the last timed one is timed; any other was asked for. (Traced in the latency
     * benchmark: the ask comes 30-45 ms after a timed commit and the next timed one about an interval after the ask,
     * so timed commits are 130-140 ms apart there, and each one is still told apart.) Without the metric (the topology
     * test driver) no commit is asked for.
     */
    private static final class ThreadCommits {
        private final Metric commits;
        private double seen = Double.NaN;
        private long lastTimedAt = Long.MIN_VALUE;
        private boolean askedSinceTimed;

        ThreadCommits(Metric commits) {
            this.commits = commits;
        }

        /** The hooks attached on this thread (a task's processor may move to another thread: it detaches first). */
        private final List<CommitHook> hooks = new CopyOnWriteArrayList<>();
        /** While {@link #flushOthers} runs: the time of the action that runs it, which the others run at. */
        private long othersAt = Long.MIN_VALUE;

        /**
         * Kafka Streams prepares the tasks of a commit one after another, and each task's preparation ends by flushing the
         * thread's producer: it waits until the broker has acknowledged everything sent so far. A task whose action sends
         * records (deltas, KPI values, changelog writes) thus waits a round trip of its own before the next task starts,
         * and a commit of a dozen tasks waited a dozen (traced in the latency benchmark: 2-7 ms each, a third of the time
         * from a commit's start to its output being readable). So the first action of a commit flushes every other hooked
         * store of the thread at once, which runs their actions and writes down what they hold: everything is on its way
         * before the first wait, and the tasks' own preparations, which run the actions again, find little or nothing left
         * to send. Running an action twice in a commit is harmless: the second run finds the buffers it empties empty.
         *
         * <p>Under exactly-once this keeps every task's output in the transaction of its input: a task with input not
         * yet committed is in every commit of its thread (one producer, one transaction), and one without has nothing
         * uncommitted for its action to forward.
         */
        void flushOthers(CommitHook first, long now) {
            othersAt = now;
            try {
                for (CommitHook h : hooks) {
                    if (h != first) {
                        h.flushStoreFirst(now);
                    }
                }
            } finally {
                othersAt = Long.MIN_VALUE;
            }
        }

        /** @return whether this is the first action of a commit (never without the commit metric) */
        boolean onCommit(long commitMs) {
            if (commits == null) {
                return false;
            }
            double count = ((Number) commits.metricValue()).doubleValue();
            if (count == seen) {
                return false; // another task's action in the same commit
            }
            seen = count;
            long now = System.currentTimeMillis();
            // A commit asked for comes less than three quarters of an interval after a timed one (usually at once);
            // timed ones come at least an interval apart.
            if (!askedSinceTimed || now - lastTimedAt >= commitMs * 9 / 10) {
                lastTimedAt = now;
                askedSinceTimed = false;
            }
            return true;
        }

        /** One per interval, and none in its last quarter, when the timed commit is near anyway. */
        boolean mayAsk(long commitMs) {
            if (commits == null || askedSinceTimed || lastTimedAt == Long.MIN_VALUE) {
                return false;
            }
            if (System.currentTimeMillis() - lastTimedAt >= commitMs * 3 / 4) {
                return false;
            }
            askedSinceTimed = true;
            return true;
        }
    }

    private static Metric commitsOfThisThread(ProcessorContext<?, ?> context) {
        String name = Thread.currentThread().getName();
        for (Map.Entry<MetricName, ? extends Metric> e :
                context.metrics().metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("commit-total")
                    && n.group().equals("stream-thread-metrics")
                    && name.equals(n.tags().get("thread-id"))) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Stops running the action (the processor closes; its store may outlive it in a standby). */
    void detach() {
        WriteBehindStore.beforeEachCommit(store, null);
        owner.hooks.remove(this);
    }

    /** Detaches {@code hook} if there is one; null, so a processor writes {@code hook = CommitHook.detached(hook)}. */
    static CommitHook detached(CommitHook hook) {
        if (hook != null) {
            hook.detach();
        }
        return null;
    }

    private static boolean exactlyOnce(ProcessorContext<?, ?> context) {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(
                String.valueOf(context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
    }

    /** The application's {@code commit.interval.ms} (Kafka Streams' default under exactly-once: 100 ms). */
    static long commitIntervalMs(ProcessorContext<?, ?> context) {
        return AppConfigs.millis(context.appConfigs(), DEFAULT_EOS_COMMIT_MS, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }
}
