package io.pulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class WriteBehindStoreTest {
    /** Every write that reached the store below, as "put k" or "delete k". */
    private final List<String> below = new ArrayList<>();

    @Test
    void shouldKeepWritesAboveTheStoreBelowUntilTheTaskFlushesBeforeACommit() throws Exception {
        KeyValueStore<String, String> store = open(WriteBehindStore.over(builder()));
        store.put("a", "1");
        store.put("a", "2");
        store.put("b", "1");

        assertThat(store.get("a")).isEqualTo("2");
        assertThat(below).isEmpty();
        assertThat(fromAnotherThread(store, "a"))
                .as("an interactive query reads the store below")
                .isNull();

        ((WriteBehindStore<String, String>) store).flushCache();

        assertThat(below).containsExactlyInAnyOrder("put a", "put b"); // two writes of "a", one below
        assertThat(fromAnotherThread(store, "a")).isEqualTo("2");
    }

    @Test
    void shouldDeleteAndShowTheDeleteBeforeItIsWrittenDown() throws Exception {
        KeyValueStore<String, String> store = open(WriteBehindStore.over(builder()));
        store.put("a", "1");
        ((WriteBehindStore<String, String>) store).flushCache();

        assertThat(store.delete("a")).isEqualTo("1");
        assertThat(store.get("a")).isNull();
        assertThat(fromAnotherThread(store, "a")).isEqualTo("1");

        ((WriteBehindStore<String, String>) store).flushCache();
        assertThat(below).containsExactly("put a", "delete a");
        assertThat(fromAnotherThread(store, "a")).isNull();
    }

    @Test
    void shouldWriteDownBeforeARangeSoTheWriterSeesItsOwnWrites() {
        KeyValueStore<String, String> store = open(WriteBehindStore.over(builder()));
        store.put("a", "1");
        store.put("b", "2");
        store.put("c", "3");
        store.delete("b");

        List<String> seen = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range("a", "c")) {
            it.forEachRemaining(kv -> seen.add(kv.key + "=" + kv.value));
        }
        assertThat(seen).containsExactly("a=1", "c=3");
        List<String> prefixed = new ArrayList<>();
        store.put("ab", "4");
        try (KeyValueIterator<String, String> it =
                store.prefixScan("a", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> prefixed.add(kv.key));
        }
        assertThat(prefixed).containsExactly("a", "ab");
    }

    @Test
    void shouldNotDeleteBelowAKeyWrittenAndDeletedBetweenTwoCommitsWhenItChecksDeletes() {
        KeyValueStore<String, String> store = open(WriteBehindStore.overSmall(builder()));
        store.put("kept", "1");
        ((WriteBehindStore<String, String>) store).flushCache();
        below.clear();

        store.put("passing", "1");
        store.put("passing", "2");
        store.delete("passing");
        store.delete("kept");
        ((WriteBehindStore<String, String>) store).flushCache();

        assertThat(below).containsExactly("delete kept");
    }

    @Test
    void shouldWriteDownWhenTooManyEntriesArePending() {
        KeyValueStore<String, String> store = open(WriteBehindStore.over(builder()));
        for (int i = 0; i < WriteBehindStore.MAX_PENDING; i++) {
            store.put("k" + i, "v");
        }
        assertThat(below).hasSize(WriteBehindStore.MAX_PENDING);
    }

    @Test
    void shouldDeleteWhatARestorationWroteBelowWhenItChecksDeletes() {
        KeyValueStore<String, String> store = open(WriteBehindStore.overSmall(builder()));
        store.put("mine", "1");
        ((WriteBehindStore<String, String>) store).flushCache();
        // As a restoration writes (a standby's, before it became this active task): straight to the store below.
        ((WriteBehindStore<String, String>) store).wrapped().put("restored", "1");
        below.clear();

        store.delete("restored");
        store.delete("mine");
        store.put("passing", "1");
        store.delete("passing");
        ((WriteBehindStore<String, String>) store).flushCache();

        assertThat(below).containsExactlyInAnyOrder("delete restored", "delete mine");
        assertThat(store.get("restored")).isNull();
    }

    @Test
    void shouldReachTheChangelogWhenKafkaStreamsCommitsTheTask() {
        // The contract this store relies on: Kafka Streams flushes a task's store caches before it commits the task.
        org.apache.kafka.streams.StreamsBuilder sb = new org.apache.kafka.streams.StreamsBuilder();
        sb.addStateStore(WriteBehindStore.over(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("counts"), Serdes.String(), Serdes.String())));
        sb.stream("in", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()))
                .process(
                        () -> new org.apache.kafka.streams.processor.api.Processor<String, String, Void, Void>() {
                            private KeyValueStore<String, String> counts;

                            @Override
                            public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> c) {
                                counts = c.getStateStore("counts");
                            }

                            @Override
                            public void process(org.apache.kafka.streams.processor.api.Record<String, String> r) {
                                String old = counts.get(r.key());
                                counts.put(r.key(), Integer.toString(old == null ? 1 : Integer.parseInt(old) + 1));
                            }
                        },
                        "counts");
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "wb");
        props.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (org.apache.kafka.streams.TopologyTestDriver driver =
                new org.apache.kafka.streams.TopologyTestDriver(sb.build(), props)) {
            var in = driver.createInputTopic(
                    "in", Serdes.String().serializer(), Serdes.String().serializer());
            var changelog = driver.createOutputTopic(
                    "wb-counts-changelog",
                    Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            in.pipeInput("a", "x");
            in.pipeInput("a", "x");
            in.pipeInput("b", "x");

            // The driver commits after every input record: each write is down by then, in the changelog.
            assertThat(changelog.readKeyValuesToList())
                    .containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("a", "2"), KeyValue.pair("b", "1"));
            KeyValueStore<String, String> counts = driver.getKeyValueStore("counts");
            assertThat(counts.get("a")).isEqualTo("2");
        }
    }

    private StoreBuilder<KeyValueStore<String, String>> builder() {
        KeyValueBytesStoreSupplier memory = Stores.inMemoryKeyValueStore("s");
        KeyValueBytesStoreSupplier recording = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return memory.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new Recording(memory.get(), below);
            }

            @Override
            public String metricsScope() {
                return memory.metricsScope();
            }
        };
        return Stores.keyValueStoreBuilder(recording, Serdes.String(), Serdes.String())
                .withLoggingDisabled();
    }

    private static KeyValueStore<String, String> open(StoreBuilder<KeyValueStore<String, String>> builder) {
        KeyValueStore<String, String> store = builder.build();
        StateStoreContext context = new MockProcessorContext<>().getStateStoreContext();
        store.init(context, store);
        return store;
    }

    private static String fromAnotherThread(KeyValueStore<String, String> store, String key) throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(store.get(key)));
        t.start();
        t.join();
        return seen.get();
    }

    /** The in-memory store, recording the writes that reach it. */
    private static final class Recording implements KeyValueStore<Bytes, byte[]> {
        private final KeyValueStore<Bytes, byte[]> inner;
        private final List<String> log;

        Recording(KeyValueStore<Bytes, byte[]> inner, List<String> log) {
            this.inner = inner;
            this.log = log;
        }

        @Override
        public void put(Bytes key, byte[] value) {
            log.add((value == null ? "delete " : "put ") + new String(key.get()));
            inner.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            return inner.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            entries.forEach(kv -> put(kv.key, kv.value));
        }

        @Override
        public byte[] delete(Bytes key) {
            log.add("delete " + new String(key.get()));
            return inner.delete(key);
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            inner.init(context, root);
        }

        @Override
        public void flush() {
            inner.flush();
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public byte[] get(Bytes key) {
            return inner.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return inner.range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return inner.all();
        }

        @Override
        public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P>
                KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
            return inner.prefixScan(prefix, prefixKeySerializer);
        }

        @Override
        public long approximateNumEntries() {
            return inner.approximateNumEntries();
        }
    }
}
