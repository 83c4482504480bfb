package io.pulse.streams.processor;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When the stream thread running a task commits next, so a task forwards what it holds just before that commit
 * rather than on a timer of its own: output forwarded on an unrelated timer waits for the timer and then again
 * for the commit (under exactly-once nothing is visible before it), output forwarded just before the commit
 * waits only for the commit.
 *
 * <p>Kafka Streams commits every {@code commit.interval.ms} per thread and tells processors nothing of it; the
 * thread's {@code commit-total} metric (public, group {@code stream-thread-metrics}) does. A task polls it from a
 * punctuator ticking a tenth of the commit interval: when the count has changed since the last tick a commit has
 * just happened, and the next one is due a commit interval later. Where the metric is absent (the topology test
 * driver), {@link #commitDue} says yes on every tick. Under at-least-once output is visible as soon as it is sent,
 * so there is nothing to align with: {@link #aligned} is false and tasks keep their own intervals.
 */
final class CommitClock {
    /** Kafka Streams' commit interval under exactly-once when the application sets none. */
    static final long DEFAULT_EOS_COMMIT_MS = 100;

    private static final long MIN_TICK_MS = 5;

    private final ProcessorContext<?, ?> context;
    private final long commitMs;
    private final long tickMs;
    private final boolean aligned;
    private String thread;
    private Metric commits;
    private double seen = Double.NaN;
    private long lastCommitAt;

    CommitClock(ProcessorContext<?, ?> context, long now) {
        this.context = context;
        this.commitMs = commitIntervalMs(context);
        this.tickMs = Math.max(MIN_TICK_MS, commitMs / 10);
        this.aligned = StreamsConfig.EXACTLY_ONCE_V2.equals(
                String.valueOf(context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        this.lastCommitAt = now;
    }

    /** Whether output waits for commits (exactly-once), so forwarding it just before one saves a wait. */
    boolean aligned() {
        return aligned;
    }

    /** How often a task should ask {@link #commitDue}: a tenth of the commit interval, at least 5 ms. */
    long tickMs() {
        return tickMs;
    }

    /** The application's {@code commit.interval.ms}. */
    long commitMs() {
        return commitMs;
    }

    /**
     * Whether the thread's next commit is due within two ticks (or the commit count is unknown). Called from a
     * punctuator, on the thread that runs the task.
     */
    boolean commitDue(long now) {
        Metric m = commitsOfThisThread();
        if (m == null) {
            return true;
        }
        double count = ((Number) m.metricValue()).doubleValue();
        if (count != seen) {
            seen = count;
            lastCommitAt = now;
        }
        return now - lastCommitAt >= commitMs - 2 * tickMs;
    }

    private Metric commitsOfThisThread() {
        String name = Thread.currentThread().getName();
        if (!name.equals(thread)) {
            thread = name;
            commits = null;
            seen = Double.NaN;
            for (Map.Entry<MetricName, ? extends Metric> e :
                    context.metrics().metrics().entrySet()) {
                MetricName n = e.getKey();
                if (n.name().equals("commit-total")
                        && n.group().equals("stream-thread-metrics")
                        && name.equals(n.tags().get("thread-id"))) {
                    commits = e.getValue();
                    break;
                }
            }
        }
        return commits;
    }

    /** The application's {@code commit.interval.ms} (Kafka Streams' default under exactly-once: 100 ms). */
    static long commitIntervalMs(ProcessorContext<?, ?> context) {
        return AppConfigs.millis(context.appConfigs(), DEFAULT_EOS_COMMIT_MS, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }
}
