package io.pulse.streams.time;

/**
 * A watermark announcement travelling on an internal topic (SPEC §9): the task {@code source} of the stage
 * before says that no event older than {@code watermark} will come from it any more (within grace), and that
 * the latest event it has read is at {@code horizon}. Upstream tasks send one to every partition of the topic
 * they write (a multicast), so every downstream task hears from every source.
 *
 * @param source    index of the sending task (its partition)
 * @param watermark event time the sender has passed, {@link Watermarks#END} at the end of a replay's input
 * @param horizon   the latest event time the sender has read, or the wall clock when it follows it
 */
public record Mark(int source, long watermark, long horizon) {}
