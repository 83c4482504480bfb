package io.pulse.io.events;

import io.pulse.streams.event.EventType;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One input event of SPEC §2: its type and its generated Avro record, as the JSON-lines form and the simulator
 * produce it and {@link io.pulse.io.kafka.AvroPublisher} sends it.
 *
 * @param type  the event type; its topic is {@code <prefix>events.<type>}
 * @param value the Avro record, an instance of {@code type.avroClass()}
 */
public record InputEvent(EventType type, SpecificRecord value) {
    public InputEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (!type.avroClass().isInstance(value)) {
            throw new IllegalArgumentException(
                    "a " + type.id() + " event needs a " + type.avroClass().getSimpleName() + ", got "
                            + value.getClass().getSimpleName());
        }
    }

    /** The producer-assigned id, the key on the topic. */
    public String eventId() {
        return (String) value.get(value.getSchema().getField("eventId").pos());
    }

    /** When the business event happened. */
    public Instant occurredAt() {
        return (Instant) value.get(value.getSchema().getField("occurredAt").pos());
    }
}
