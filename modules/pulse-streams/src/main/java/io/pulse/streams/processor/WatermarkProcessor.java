package io.pulse.streams.processor;

import io.pulse.streams.state.Contribution;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a record of the watermarks topic into a watermark contribution. An empty value means "event time has
 * reached this record's timestamp". A value of two big-endian longs (epoch millis) says the close time and
 * the latest event time explicitly: windows ending (plus grace) at or before the close time close, and plan
 * periods close up to the one containing the latest event. Replay sends a close time far in the future as
 * the end of its input; the record's own timestamp stays ordinary, since brokers refuse timestamps too far
 * ahead ({@code log.message.timestamp.after.max.ms}).
 */
public final class WatermarkProcessor implements Processor<byte[], byte[], String, Contribution> {
    private ProcessorContext<String, Contribution> context;

    @Override
    public void init(ProcessorContext<String, Contribution> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        byte[] v = record.value();
        long closeTime = record.timestamp();
        long last = record.timestamp();
        if (v != null && v.length == 2 * Long.BYTES) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v);
            closeTime = b.getLong();
            last = b.getLong();
        }
        context.forward(new Record<>("", Contribution.watermark(closeTime, Math.min(last, closeTime)), record.timestamp()));
    }
}
