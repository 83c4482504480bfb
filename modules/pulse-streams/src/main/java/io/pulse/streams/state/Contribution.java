package io.pulse.streams.state;

import io.pulse.core.measure.MeasureVector;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.SourceRef;

/**
 * What one event adds to one scope, on its way to the aggregator that owns the scope. A watermark carries
 * no measures: it tells every aggregator that event time has reached {@code occurredAt} (windows ending
 * before it close) and that the latest event of the input was at {@code lastEventTime} (plan periods are
 * closed up to the one containing it).
 */
public record Contribution(long occurredAt, EventType type, String eventId, String customerId,
                           MeasureVector measures, SourceRef source, boolean watermark, long lastEventTime) {

    public static Contribution of(long occurredAt, EventType type, String eventId, String customerId,
                                  MeasureVector measures, SourceRef source) {
        return new Contribution(occurredAt, type, eventId, customerId, measures, source, false, occurredAt);
    }

    public static Contribution watermark(long time, long lastEventTime) {
        return new Contribution(time, null, "", null, MeasureVector.EMPTY, SourceRef.UNKNOWN, true, lastEventTime);
    }
}
