package io.pulse.streams.time;

/** Constants and arithmetic shared by the watermark trackers. */
public final class Watermarks {
    /** No watermark yet: nothing may close. */
    public static final long NONE = Long.MIN_VALUE;
    /** The end of a finite input (replay): every window closes. */
    public static final long END = Long.MAX_VALUE;
    /** Header of the record that marks the end of a partition's input (written by replay). */
    public static final String END_OF_INPUT_HEADER = "pulse-end-of-input";

    private Watermarks() {}

    /** True when a window ending at {@code end} (exclusive) with {@code graceMs} is closed at {@code watermark}. */
    public static boolean closed(long end, long graceMs, long watermark) {
        return watermark != NONE && (watermark == END || end + graceMs <= watermark);
    }
}
