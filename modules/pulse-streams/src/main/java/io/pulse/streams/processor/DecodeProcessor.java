package io.pulse.streams.processor;

import io.pulse.streams.event.EventMapper;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.InvalidEventException;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.event.SourceRef;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and validates raw input records. A valid event is forwarded keyed by its dedupe identity with its
 * record timestamp set to {@code occurredAt} (windows use event time, never arrival time); anything else is
 * forwarded as a rejection carrying the original bytes and a readable reason. Never throws for bad input.
 */
public final class DecodeProcessor implements Processor<byte[], byte[], String, Decoded> {
    private final Map<String, EventType> typeByTopic;
    private final Map<EventType, Deserializer<? extends SpecificRecord>> deserializers;
    private final EventMapper mapper;
    private ProcessorContext<String, Decoded> context;

    public DecodeProcessor(Map<String, EventType> typeByTopic,
                           Map<EventType, Deserializer<? extends SpecificRecord>> deserializers, EventMapper mapper) {
        this.typeByTopic = typeByTopic;
        this.deserializers = deserializers;
        this.mapper = mapper;
    }

    @Override
    public void init(ProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? "" : meta.topic();
        EventType type = typeByTopic.get(topic);
        if (type == null) {
            reject(record, meta, "no event type is configured for topic '" + topic + "'", null, null);
            return;
        }
        if (record.value() == null) {
            reject(record, meta, "empty value (tombstone) on the " + type.id() + " topic", type, null);
            return;
        }
        SpecificRecord decoded;
        try {
            decoded = deserializers.get(type).deserialize(topic, record.value());
        } catch (RuntimeException e) {
            reject(record, meta, "cannot decode " + type.id() + " event: " + describe(e), type, null);
            return;
        }
        PulseEvent event;
        try {
            SourceRef src = meta == null ? SourceRef.UNKNOWN : new SourceRef(meta.topic(), meta.partition(), meta.offset());
            event = mapper.map(type, decoded, src);
        } catch (InvalidEventException e) {
            Object id = decoded == null ? null : decoded.get(decoded.getSchema().getField("eventId").pos());
            reject(record, meta, "invalid " + type.id() + " event: " + e.getMessage(), type, id == null ? null : id.toString());
            return;
        }
        context.forward(new Record<>(event.dedupeKey(), Decoded.ok(event), event.occurredAt(), record.headers()));
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata meta, String reason, EventType type, String eventId) {
        context.forward(new Record<>((String) null,
                Decoded.rejected(record.key(), Rejections.of(meta, record.timestamp(), record.key(), record.value(), reason,
                        type == null ? null : type.id(), eventId)),
                record.timestamp(), record.headers()));
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable c = e.getCause();
        while (c != null && c != e) {
            sb.append(": ").append(c.getMessage());
            e = c;
            c = c.getCause();
        }
        return sb.toString();
    }
}
