package io.pulse.streams.processor;

import io.pulse.streams.state.Contribution;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Turns a record of the watermarks topic into a watermark contribution at the record's timestamp. */
public final class WatermarkProcessor implements Processor<byte[], byte[], String, Contribution> {
    private ProcessorContext<String, Contribution> context;

    @Override
    public void init(ProcessorContext<String, Contribution> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        context.forward(new Record<>("", Contribution.watermark(record.timestamp()), record.timestamp()));
    }
}
