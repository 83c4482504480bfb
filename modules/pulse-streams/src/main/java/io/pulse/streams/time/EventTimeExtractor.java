package io.pulse.streams.time;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Gives each input event its event time ({@code occurredAt}) as its Kafka Streams timestamp, read straight from
 * the Confluent wire format without a registry: every event schema starts with {@code eventId} (string) and
 * {@code occurredAt} (timestamp-millis), so it is a varint length to skip and a varint to read. Kafka Streams
 * hands a task the buffered record with the smallest timestamp, so with event times a partition that is silent
 * while others are read is either caught up or holds only later events, and may be excused (SPEC §9). A record
 * that does not look like an event keeps its own timestamp; it goes to the dead-letter topic anyway.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    /** 0001-01-01 to 9999-12-31: anything else is not an event time. */
    private static final long MIN = -62135596800000L;

    private static final long MAX = 253402300799999L;

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long fallback = record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
        if (!(record.value() instanceof byte[] b) || b.length < 7 || b[0] != 0) {
            return fallback;
        }
        try {
            int[] pos = {5};
            long len = zigzag(b, pos);
            if (len < 0 || len > b.length) {
                return fallback;
            }
            pos[0] += (int) len;
            long t = zigzag(b, pos);
            return t >= MIN && t <= MAX && t >= 0 ? t : fallback;
        } catch (ArrayIndexOutOfBoundsException e) {
            return fallback;
        }
    }

    private static long zigzag(byte[] b, int[] pos) {
        long raw = 0;
        int shift = 0;
        while (true) {
            byte x = b[pos[0]++];
            raw |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new ArrayIndexOutOfBoundsException("varint too long");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }
}
