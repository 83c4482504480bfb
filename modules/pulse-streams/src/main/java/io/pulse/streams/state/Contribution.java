package io.pulse.streams.state;

import io.pulse.core.measure.MeasureVector;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.SourceRef;

/**
 * What one event adds to one scope, on its way to the aggregator that owns the scope. A watermark carries
 * no measures: it only tells every aggregator that event time has reached {@code occurredAt}.
 */
public record Contribution(long occurredAt, EventType type, String eventId, String customerId,
                           MeasureVector measures, SourceRef source, boolean watermark) {

    public static Contribution watermark(long time) {
        return new Contribution(time, null, "", null, MeasureVector.EMPTY, SourceRef.UNKNOWN, true);
    }
}
