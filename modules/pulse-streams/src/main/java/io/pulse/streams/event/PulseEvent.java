package io.pulse.streams.event;

import io.pulse.core.measure.MeasureVector;
import java.util.Objects;

/**
 * A decoded, validated event reduced to what counting needs: its identity, event time, the scope ids it
 * carries and the additive measures it contributes. {@code customerId} is kept for orders only, to count
 * distinct customers per window.
 */
public record PulseEvent(
        EventType type,
        String eventId,
        long occurredAt,
        String campaignId,
        String channel,
        String employeeId,
        String customerId,
        MeasureVector measures,
        SourceRef source) {
    public PulseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(measures, "measures");
        Objects.requireNonNull(source, "source");
    }

    /** The dedupe identity: event type and eventId. */
    public String dedupeKey() {
        return type.id() + '|' + eventId;
    }
}
