package io.pulse.bench.e2e;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The yardstick of DESIGN's performance budget: the simplest stateful Kafka Streams application, one 1-hour
 * count per record key over the same input topics, with its counts written to an output topic. Run beside
 * Pulse in the same benchmark, on the same broker, events, partitions, guarantee, threads and settings.
 */
final class ReferenceApp {
    static final String OUTPUT = "reference.counts";

    private ReferenceApp() {}

    static Topology topology(List<String> inputs) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(inputs, Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName("reference-source"))
                .groupByKey(Grouped.<Bytes, byte[]>as("reference-group")
                        .withKeySerde(Serdes.Bytes())
                        .withValueSerde(Serdes.ByteArray()))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofHours(1)))
                .count(
                        Named.as("reference-count"),
                        Materialized.<Bytes, Long, WindowStore<Bytes, byte[]>>as("reference-count-store")
                                .withKeySerde(Serdes.Bytes())
                                .withValueSerde(Serdes.Long()))
                .toStream(Named.as("reference-to-stream"))
                .map((k, v) -> org.apache.kafka.streams.KeyValue.pair(k.key(), v), Named.as("reference-unwindow"))
                .to(OUTPUT, Produced.with(Serdes.Bytes(), Serdes.Long()).withName("reference-sink"));
        return b.build();
    }
}
