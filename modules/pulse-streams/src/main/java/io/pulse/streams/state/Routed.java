package io.pulse.streams.state;

import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.time.Mark;

/**
 * A record of the by-eventId topic, which the reading tasks write and read themselves: an event read outside
 * its home partition (where all copies of it meet to be deduplicated), or a reading task's own progress,
 * which holds back the watermark of every task that may still receive an event from it this way.
 */
public sealed interface Routed permits Routed.Event, Routed.Tick {

    record Event(PulseEvent event) implements Routed {}

    record Tick(Mark mark) implements Routed {}
}
