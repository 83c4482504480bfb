package io.pulse.streams.time;

import java.util.Arrays;

/**
 * The watermark of a stage fed by {@code sources} upstream tasks: the minimum of what each has announced,
 * where a source not heard from yet holds it back (it must exist: every upstream task writes to every
 * partition). The horizon is the latest horizon any source announced. Both only move forward.
 */
public final class UpstreamMarks {
    private final long[] watermarks;
    private final long[] horizons;

    public UpstreamMarks(int sources) {
        watermarks = new long[sources];
        horizons = new long[sources];
        Arrays.fill(watermarks, Watermarks.NONE);
        Arrays.fill(horizons, Watermarks.NONE);
    }

    /** Takes an announcement; returns true when it moved the combined watermark or horizon. */
    public boolean accept(Mark m) {
        if (m.source() < 0 || m.source() >= watermarks.length) {
            return false; // from a wider upstream than configured: the start-up check refuses that set-up
        }
        long before = watermark();
        long beforeH = horizon();
        watermarks[m.source()] = Math.max(watermarks[m.source()], m.watermark());
        horizons[m.source()] = Math.max(horizons[m.source()], m.horizon());
        return watermark() != before || horizon() != beforeH;
    }

    public long watermark() {
        long min = Long.MAX_VALUE;
        for (long w : watermarks) {
            min = Math.min(min, w);
        }
        return watermarks.length == 0 ? Watermarks.NONE : min;
    }

    public long horizon() {
        long max = Watermarks.NONE;
        for (long h : horizons) {
            max = Math.max(max, h);
        }
        return max;
    }

    public int sources() {
        return watermarks.length;
    }

    public Mark of(int source) {
        return new Mark(source, watermarks[source], horizons[source]);
    }
}
