package io.pulse.streams.processor;

import io.pulse.streams.state.Contribution;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a record of the watermarks topic into a watermark contribution at the record's timestamp. The value,
 * when present, is the latest event time of the input as 8 big-endian bytes (epoch millis); plan periods are
 * closed up to the one containing it. Without it, the timestamp itself is taken.
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
        long last = v != null && v.length == Long.BYTES ? java.nio.ByteBuffer.wrap(v).getLong() : record.timestamp();
        context.forward(new Record<>("", Contribution.watermark(record.timestamp(), Math.min(last, record.timestamp())),
                record.timestamp()));
    }
}
