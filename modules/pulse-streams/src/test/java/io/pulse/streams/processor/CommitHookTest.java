package io.pulse.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.streams.state.WriteBehindStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The commit hook on Kafka Streams' own task commits (the topology test driver commits after every input record): what
 * the action forwards and what it writes to stores registered after the hooked one are in the same commit.
 */
class CommitHookTest {
    /** Buffers what it reads; before each commit forwards the batch and logs its size in a second, cached store. */
    private static final class Batcher implements Processor<String, String, String, String> {
        private final List<String> batch = new ArrayList<>();
        private KeyValueStore<String, String> buffer;
        private KeyValueStore<String, String> log;
        private final List<Batcher> started;
        private int batches;
        CommitHook hook;

        Batcher(List<Batcher> started) {
            this.started = started;
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            started.add(this);
            buffer = context.getStateStore("buffer");
            log = context.getStateStore("log");
            hook = CommitHook.attach(
                    context,
                    buffer,
                    now -> {
                        if (batch.isEmpty()) {
                            return;
                        }
                        batches++;
                        context.forward(new Record<>("batch-" + batches, String.join(",", batch), now));
                        log.put("batch-" + batches, Integer.toString(batch.size()));
                        batch.forEach(buffer::delete);
                        batch.clear();
                    },
                    log);
        }

        @Override
        public void process(Record<String, String> record) {
            buffer.put(record.key(), record.value());
            batch.add(record.key());
        }

        @Override
        public void close() {
            if (hook != null) {
                hook.detach();
            }
        }
    }

    private static TopologyTestDriver driver(String guarantee, List<Batcher> made) {
        StreamsBuilder sb = new StreamsBuilder();
        // Kafka Streams happens to flush "log" before "buffer" here: only the hook's own flush of it puts the entry
        // the action wrote into the same commit.
        sb.addStateStore(WriteBehindStore.overSmall(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("buffer"), Serdes.String(), Serdes.String())));
        sb.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("log"), Serdes.String(), Serdes.String())
                        .withCachingEnabled());
        sb.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Batcher(made), "buffer", "log")
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hook");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return new TopologyTestDriver(sb.build(), props);
    }

    private static TestInputTopic<String, String> input(TopologyTestDriver driver) {
        return driver.createInputTopic(
                "in", Serdes.String().serializer(), Serdes.String().serializer());
    }

    private static TestOutputTopic<String, String> output(TopologyTestDriver driver, String topic) {
        return driver.createOutputTopic(
                topic, Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    @Test
    void shouldForwardAndLogInTheCommitOfTheRecordsItRead() {
        List<Batcher> made = new ArrayList<>();
        try (TopologyTestDriver driver = driver(StreamsConfig.EXACTLY_ONCE_V2, made)) {
            TestInputTopic<String, String> in = input(driver);
            TestOutputTopic<String, String> out = output(driver, "out");
            TestOutputTopic<String, String> logChangelog = output(driver, "hook-log-changelog");
            TestOutputTopic<String, String> bufferChangelog = output(driver, "hook-buffer-changelog");

            // When a record is read, and the driver commits its task
            in.pipeInput("a", "x");

            // Then the batch went out in that commit, its log entry (a store flushed after the hooked one) too
            assertThat(made.get(0).hook).isNotNull();
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("batch-1", "a"));
            assertThat(logChangelog.readKeyValuesToList()).containsExactly(KeyValue.pair("batch-1", "1"));
            // and the buffer entry, written and deleted within the commit, never reached its changelog
            assertThat(bufferChangelog.readKeyValuesToList()).isEmpty();

            in.pipeInput("b", "x");
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("batch-2", "b"));
            assertThat(logChangelog.readKeyValuesToList()).containsExactly(KeyValue.pair("batch-2", "1"));
        }
    }

    @Test
    void shouldNotHookUnderAtLeastOnceWhereOutputIsVisibleWhenSent() {
        List<Batcher> made = new ArrayList<>();
        try (TopologyTestDriver driver = driver(StreamsConfig.AT_LEAST_ONCE, made)) {
            TestInputTopic<String, String> in = input(driver);
            TestOutputTopic<String, String> out = output(driver, "out");

            in.pipeInput("a", "x");

            assertThat(made.get(0).hook).isNull();
            assertThat(out.readKeyValuesToList()).isEmpty();
        }
    }

    @Test
    void shouldStopRunningTheActionOnceDetached() {
        List<Batcher> made = new ArrayList<>();
        try (TopologyTestDriver driver = driver(StreamsConfig.EXACTLY_ONCE_V2, made)) {
            TestInputTopic<String, String> in = input(driver);
            TestOutputTopic<String, String> out = output(driver, "out");

            made.get(0).hook.detach();
            in.pipeInput("a", "x");

            assertThat(out.readKeyValuesToList()).isEmpty();
        }
    }
}
