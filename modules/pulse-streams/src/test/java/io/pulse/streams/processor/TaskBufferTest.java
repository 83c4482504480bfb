package io.pulse.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The count of records Kafka Streams has fetched for a task and not processed yet, read through its internals: this
 * fails when a Kafka Streams upgrade removes them, rather than latency quietly growing (the aggregator then asks for
 * commits at its first delta again).
 */
class TaskBufferTest {
    /** Notes, for each record it processes, how many more its task holds. */
    private static final class Counting implements Processor<String, String, Void, Void> {
        private final List<String> seen;
        private ProcessorContext<Void, Void> context;

        Counting(List<String> seen) {
            this.seen = seen;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> record) {
            seen.add(record.key() + ":" + TaskBuffer.buffered(context));
        }
    }

    @Test
    void shouldReadTheCountWithTheKafkaStreamsInUse() {
        assertThat(TaskBuffer.readable()).isTrue();
    }

    @Test
    void shouldCountWhatTheTaskHoldsBeyondTheRecordAtHand() {
        // One task reads two topics and, with max.task.idle.ms set, waits for a record of each before it picks the
        // earlier one: the first of the two is processed while the second waits in the task; the second alone waits
        // for the idle time to pass.
        StreamsBuilder sb = new StreamsBuilder();
        KStream<String, String> a = sb.stream("a", Consumed.with(Serdes.String(), Serdes.String()));
        KStream<String, String> b = sb.stream("b", Consumed.with(Serdes.String(), Serdes.String()));
        List<String> seen = new ArrayList<>();
        a.merge(b).process(() -> new Counting(seen));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "buffer");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 60_000L);
        try (TopologyTestDriver driver = new TopologyTestDriver(sb.build(), props)) {
            TestInputTopic<String, String> inA = driver.createInputTopic(
                    "a", Serdes.String().serializer(), Serdes.String().serializer());
            TestInputTopic<String, String> inB = driver.createInputTopic(
                    "b", Serdes.String().serializer(), Serdes.String().serializer());

            inA.pipeInput("a1", "x", 1_000L);
            assertThat(seen).isEmpty();
            inB.pipeInput("b1", "x", 2_000L);
            assertThat(seen).containsExactly("a1:1");
            driver.advanceWallClockTime(Duration.ofMinutes(2));

            assertThat(seen).containsExactly("a1:1", "b1:0");
        }
    }

    @Test
    void shouldNotKnowOutsideKafkaStreamsOwnContext() {
        assertThat(TaskBuffer.buffered(new MockProcessorContext<Void, Void>())).isEqualTo(TaskBuffer.UNKNOWN);
    }
}
