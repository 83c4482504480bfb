package io.pulse.streams.time;

import java.util.HashMap;
import java.util.Map;

/**
 * Event-time progress of the input partitions one reading task owns (SPEC §9): each partition's progress is
 * the largest event time read from it; the task's watermark is the smallest progress over all of them, so a
 * partition it has not heard from holds it back. A partition with no record for the idle timeout (wall clock)
 * is excused: Kafka Streams hands a task the record with the smallest timestamp among its buffered partitions
 * and waits for a partition the consumer knows to have lag, so a silent partition is caught up. When every
 * partition is excused or finished the wall clock advances the watermark (live), or the input has ended
 * (replay). The watermark never goes back.
 *
 * <p>Silence proves "caught up" only while the task is reading at all. When the broker is unreachable nothing
 * arrives, from any partition, and sources keep producing into their buffers; excusing partitions then would let
 * the wall clock close windows whose events are still on their way. So a partition is excused only while some
 * record (an event, bad input, or the reading tasks' once-a-second marks on the by-eventId topic, see
 * {@link #onAlive}) arrived within the liveness window (the idle timeout, plus two commit intervals in the service),
 * and its silence counts only from when reading resumed after a longer gap.
 */
public final class PartitionProgress {
    private final long idleTimeoutMs;
    private final long livenessMs;
    private final boolean wallClock;
    private final Map<String, Source> sources = new HashMap<>();
    private long watermark = Watermarks.NONE;
    private long horizon = Watermarks.NONE;
    private long aliveAt;
    private long resumedAt;

    private static final class Source {
        long progress = Watermarks.NONE;
        long lastSeenWall;
        boolean finished;

        Source(long now) {
            lastSeenWall = now;
        }
    }

    /**
     * @param partitions    the partitions the task reads (topic names; one partition of each)
     * @param idleTimeoutMs silence after which a partition stops holding the watermark back; 0 disables idleness
     * @param wallClock     whether the wall clock may advance the watermark once every partition is idle
     * @param now           wall-clock time at start
     */
    public PartitionProgress(Iterable<String> partitions, long idleTimeoutMs, boolean wallClock, long now) {
        this(partitions, idleTimeoutMs, idleTimeoutMs, wallClock, now);
    }

    /**
     * @param livenessMs how long the task may read nothing at all and still count as reading: at least the idle
     *                   timeout, and more where records arrive in bursts (the reading tasks' marks become visible
     *                   only when their transaction commits, so a long commit interval spaces them out)
     */
    public PartitionProgress(
            Iterable<String> partitions, long idleTimeoutMs, long livenessMs, boolean wallClock, long now) {
        this.idleTimeoutMs = idleTimeoutMs;
        this.livenessMs = Math.max(idleTimeoutMs, livenessMs);
        this.wallClock = wallClock;
        this.aliveAt = now;
        this.resumedAt = now;
        for (String p : partitions) {
            sources.put(p, new Source(now));
        }
    }

    /** Resumes from a stored watermark (after a restart the watermark must not go back). */
    public void restore(long storedWatermark, long storedHorizon) {
        watermark = Math.max(watermark, storedWatermark);
        horizon = Math.max(horizon, storedHorizon);
    }

    /** The largest event time read from {@code partition} so far ({@link Watermarks#NONE} before any). */
    public long progressOf(String partition) {
        Source s = sources.get(partition);
        return s == null ? Watermarks.NONE : s.progress;
    }

    /**
     * Some record was read (from any input, including the reading tasks' marks): the task is reading. After a gap
     * longer than the liveness window (the broker was unreachable, the thread stalled) silence counts again from
     * now.
     */
    public void onAlive(long now) {
        if (now - aliveAt >= livenessMs) {
            resumedAt = now;
        }
        aliveAt = Math.max(aliveAt, now);
    }

    /** An event of {@code eventTime} was read from {@code partition}. */
    public void onEvent(String partition, long eventTime, long now) {
        onAlive(now);
        Source s = sources.computeIfAbsent(partition, k -> new Source(now));
        s.progress = Math.max(s.progress, eventTime);
        s.lastSeenWall = now;
        s.finished = false;
        horizon = Math.max(horizon, eventTime);
    }

    /** A record that is not an event (bad input) was read: the partition is alive, its progress unchanged. */
    public void onRecord(String partition, long now) {
        onAlive(now);
        sources.computeIfAbsent(partition, k -> new Source(now)).lastSeenWall = now;
    }

    /** The partition's input has ended (replay's end-of-input marker). */
    public void onEnd(String partition, long now) {
        onAlive(now);
        Source s = sources.computeIfAbsent(partition, k -> new Source(now));
        s.finished = true;
        s.lastSeenWall = now;
    }

    /** Recomputes the watermark at wall-clock {@code now}; returns it. */
    public long advance(long now) {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        boolean allEnded = true;
        for (Source s : sources.values()) {
            if (s.finished) {
                continue;
            }
            allEnded = false;
            if (isIdle(s, now)) {
                continue; // idle: excused
            }
            anyActive = true;
            min = Math.min(min, s.progress);
        }
        long next;
        if (allEnded) {
            next = Watermarks.END;
        } else if (anyActive) {
            next = min;
        } else {
            next = wallClock ? now : watermark;
            if (wallClock) {
                horizon = Math.max(horizon, now);
            }
        }
        watermark = Math.max(watermark, next);
        return watermark;
    }

    /** Silent for the idle timeout while the task was reading: caught up. */
    private boolean isIdle(Source s, long now) {
        return idleTimeoutMs > 0 && reading(now) && now - Math.max(s.lastSeenWall, resumedAt) >= idleTimeoutMs;
    }

    /** Whether some record arrived within the liveness window (always, without idleness). */
    public boolean reading(long now) {
        return idleTimeoutMs == 0 || now - aliveAt < livenessMs;
    }

    public long watermark() {
        return watermark;
    }

    /** The latest event time read, or the wall clock when it advanced the watermark. */
    public long horizon() {
        return horizon;
    }

    /** Partitions currently excused as idle. */
    public int idle(long now) {
        int n = 0;
        for (Source s : sources.values()) {
            if (!s.finished && isIdle(s, now)) {
                n++;
            }
        }
        return n;
    }
}
