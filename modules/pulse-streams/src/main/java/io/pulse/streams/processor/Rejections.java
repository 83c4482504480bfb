package io.pulse.streams.processor;

import io.pulse.avro.outputs.RejectedRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the {@link RejectedRecord}s of the dead-letter and late-events topics. */
final class Rejections {
    private Rejections() {}

    static RejectedRecord of(
            RecordMetadata meta,
            long timestamp,
            byte[] key,
            byte[] value,
            String reason,
            String eventType,
            String eventId) {
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

    /** The rejection of an input record by a validator: its original key and value, where it was read, and why. */
    static <T> Validated<T> rejected(
            RecordMetadata meta, Record<byte[], byte[]> record, String reason, String eventType, String eventId) {
        return new Validated.Rejected<>(
                record.key(), of(meta, record.timestamp(), record.key(), record.value(), reason, eventType, eventId));
    }

    /**
     * A JSON description of what a late record stood for: its identity fields (name, value pairs, values quoted
     * and escaped) and its non-zero measures, as the late record's value (the original stays on its topic).
     */
    static String describe(io.pulse.core.measure.MeasureVector measures, String... fields) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            sb.append('"')
                    .append(fields[i])
                    .append("\":\"")
                    .append(fields[i + 1].replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\",");
        }
        sb.append("\"measures\":{");
        boolean first = true;
        for (var m : measures.asMap().entrySet()) {
            if (m.getValue().signum() != 0) {
                sb.append(first ? "" : ",")
                        .append('"')
                        .append(m.getKey().id())
                        .append("\":")
                        .append(m.getValue().toPlainString());
                first = false;
            }
        }
        return sb.append("}}").toString();
    }
}
