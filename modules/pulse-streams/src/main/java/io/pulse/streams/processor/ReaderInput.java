package io.pulse.streams.processor;

import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.state.Routed;

/** What the reading task reads: a record of an event topic, decoded and validated, or a record of the by-eventId topic. */
public sealed interface ReaderInput permits ReaderInput.Read, ReaderInput.ById {

    /** A record of an event topic; a rejected one still counts as read for its partition's progress. */
    record Read(Validated<PulseEvent> event) implements ReaderInput {}

    /** A record of the by-eventId topic. */
    record ById(Routed routed) implements ReaderInput {}
}
