package io.pulse.streams.processor;

import io.pulse.avro.outputs.RejectedRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the {@link RejectedRecord}s of the dead-letter and late-events topics. */
final class Rejections {
    private Rejections() {
    }

    static RejectedRecord of(RecordMetadata meta, long timestamp, byte[] key, byte[] value, String reason,
                             String eventType, String eventId) {
        return RejectedRecord.newBuilder()
                .setSourceTopic(meta == null ? "" : meta.topic())
                .setPartition(meta == null ? -1 : meta.partition())
                .setOffset(meta == null ? -1 : meta.offset())
                .setRecordTimestamp(timestamp < 0 ? null : Instant.ofEpochMilli(timestamp))
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReason(reason)
                .setEventType(eventType)
                .setEventId(eventId)
                .build();
    }
}
