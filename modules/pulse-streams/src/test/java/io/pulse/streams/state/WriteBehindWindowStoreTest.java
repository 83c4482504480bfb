package io.pulse.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindWindowStoreTest {
    /** An in-memory window store without a changelog: the store below a layer. */
    private static StoreBuilder<WindowStore<String, String>> belowBuilder() {
        return Stores.windowStoreBuilder(
                        Stores.inMemoryWindowStore("w", Duration.ofDays(2), Duration.ofDays(1), false),
                        Serdes.String(),
                        Serdes.String())
                .withLoggingDisabled();
    }

    private static StoreBuilder<WindowStore<String, String>> builder() {
        return WriteBehindWindowStore.over(belowBuilder());
    }

    /** The store below, built, to put a layer over directly. */
    private static WindowStore<String, String> inMemoryBelow() {
        return belowBuilder().build();
    }

    private static WriteBehindWindowStore<String, String> open() {
        WindowStore<String, String> store = builder().build();
        store.init(new org.apache.kafka.streams.processor.api.MockProcessorContext<>().getStateStoreContext(), store);
        return (WriteBehindWindowStore<String, String>) store;
    }

    private static String fromAnotherThread(WindowStore<String, String> store, String key, long time) throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(store.fetch(key, time)));
        t.start();
        t.join();
        return seen.get();
    }

    @Test
    void shouldKeepPutsAboveTheStoreBelowUntilTheTaskFlushesBeforeACommit() throws Exception {
        WriteBehindWindowStore<String, String> store = open();
        store.put("a", "1", 0);
        store.put("a", "2", 0);
        store.put("a", "x", 10);
        store.put("b", "1", 0);

        assertThat(store.fetch("a", 0)).isEqualTo("2");
        assertThat(store.fetch("a", 10)).isEqualTo("x");
        assertThat(store.fetch("c", 0)).isNull();
        assertThat(store.wrapped().fetch("a", 0)).isNull();
        assertThat(fromAnotherThread(store, "a", 0))
                .as("an interactive query reads the store below")
                .isNull();

        store.flushCache();

        assertThat(store.wrapped().fetch("a", 0)).isEqualTo("2");
        assertThat(store.wrapped().fetch("a", 10)).isEqualTo("x");
        assertThat(store.wrapped().fetch("b", 0)).isEqualTo("1");
        assertThat(fromAnotherThread(store, "a", 0)).isEqualTo("2");
    }

    @Test
    void shouldShowADeleteBeforeItIsWrittenDown() {
        WriteBehindWindowStore<String, String> store = open();
        store.put("a", "1", 0);
        store.flushCache();

        store.put("a", null, 0);
        assertThat(store.fetch("a", 0)).isNull();
        assertThat(store.wrapped().fetch("a", 0)).isEqualTo("1");

        store.flushCache();
        assertThat(store.wrapped().fetch("a", 0)).isNull();
    }

    @Test
    void shouldWriteDownBeforeARangeFetchSoTheWriterSeesItsOwnPuts() {
        WriteBehindWindowStore<String, String> store = open();
        store.put("a", "1", 0);
        store.put("a", "2", 10);

        List<Long> times = new ArrayList<>();
        try (WindowStoreIterator<String> it = store.fetch("a", 0, 100)) {
            it.forEachRemaining(kv -> times.add(kv.key));
        }

        assertThat(times).containsExactly(0L, 10L);
        assertThat(store.wrapped().fetch("a", 10)).isEqualTo("2");
    }

    @Test
    void shouldNotAskTheStoreBelowForAKeyNeverPutSinceItWasEmpty() throws Exception {
        WriteBehindWindowStore<String, String> store = open();
        store.put("a", "1", 0);
        store.flushCache();
        // Written below behind the layer's back: the layer, which alone writes a store without a changelog, does not
        // look for what it never put.
        store.wrapped().put("b", "1", 0);

        assertThat(store.filtering()).isTrue();
        assertThat(store.fetch("a", 0)).isEqualTo("1");
        assertThat(store.fetch("a", 86_400_000L)).isNull();
        assertThat(store.fetch("b", 0)).isNull();
        assertThat(fromAnotherThread(store, "b", 0))
                .as("an interactive query reads the store below")
                .isEqualTo("1");
    }

    @Test
    void shouldAskTheStoreBelowWhenItHeldEntriesWhenFirstUsed() {
        WindowStore<String, String> built = builder().build();
        WriteBehindWindowStore<String, String> store = (WriteBehindWindowStore<String, String>) built;
        store.init(new org.apache.kafka.streams.processor.api.MockProcessorContext<>().getStateStoreContext(), store);
        store.wrapped().put("b", "1", 0); // as a restore, or an earlier run's state, would have

        assertThat(store.fetch("b", 0)).isEqualTo("1");
        assertThat(store.filtering()).isFalse();
    }

    @Test
    void shouldAlwaysAskTheStoreBelowWhenItHasAChangelog() {
        WriteBehindWindowStore<String, String> store = new WriteBehindWindowStore<>(inMemoryBelow(), true);
        store.init(new org.apache.kafka.streams.processor.api.MockProcessorContext<>().getStateStoreContext(), store);
        store.put("a", "1", 0);
        store.wrapped().put("b", "1", 0); // as a standby's restore would have

        assertThat(store.filtering()).isFalse();
        assertThat(store.fetch("b", 0)).isEqualTo("1");
    }

    @Test
    void filterShouldSayMaybeForEveryPairAddedAndAfterItsCapacity() {
        PutFilter filter = new PutFilter(1 << 10, 50);
        for (int i = 0; i < 50; i++) {
            filter.add(("k" + i).hashCode(), i * 1000L);
        }
        int absentLookingPresent = 0;
        for (int i = 0; i < 50; i++) {
            assertThat(filter.mayContain(("k" + i).hashCode(), i * 1000L)).isTrue();
            if (filter.mayContain(("k" + i).hashCode(), i * 1000L + 1)) {
                absentLookingPresent++;
            }
        }
        assertThat(absentLookingPresent).isLessThan(10);

        filter.add("one".hashCode(), 0);
        filter.add("too many".hashCode(), 0);
        assertThat(filter.mayContain("never".hashCode(), 7)).isTrue();
    }

    @Test
    void shouldWriteDownWhenTooManyPutsArePending() {
        WriteBehindWindowStore<String, String> store = open();
        for (int i = 0; i < WriteBehindWindowStore.MAX_PENDING; i++) {
            store.put("k" + i, "v", 0);
        }

        assertThat(store.wrapped().fetch("k0", 0)).isEqualTo("v");
        assertThat(store.wrapped().fetch("k" + (WriteBehindWindowStore.MAX_PENDING - 1), 0))
                .isEqualTo("v");
    }

    @TempDir
    Path stateDir;

    /** A RocksDB window store without a changelog in {@link #stateDir}, opened for one run or plainly. */
    private WindowStore<String, String> openPersistent(boolean oneRun) {
        StoreBuilder<WindowStore<String, String>> below = Stores.windowStoreBuilder(
                        Stores.persistentWindowStore("w", Duration.ofDays(2), Duration.ofDays(1), false),
                        Serdes.String(),
                        Serdes.String())
                .withLoggingDisabled();
        WindowStore<String, String> store =
                oneRun ? WriteBehindWindowStore.over(below, true).build() : below.build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-behind-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        store.init(
                new org.apache.kafka.streams.processor.api.MockProcessorContext<>(
                                props, new TaskId(0, 0), stateDir.toFile())
                        .getStateStoreContext(),
                store);
        return store;
    }

    @Test
    void shouldKeepAOneRunStoresPutsAboveItAcrossCommitsAndWriteThemDownAtACleanClose() {
        WriteBehindWindowStore<String, String> store = (WriteBehindWindowStore<String, String>) openPersistent(true);
        store.put("a", "1", 0);
        store.flushCache();
        store.put("b", "1", 0);
        store.flushCache();

        assertThat(store.defersWriteDown()).isTrue();
        assertThat(store.wrapped().fetch("a", 0))
                .as("still above after two commits")
                .isNull();
        assertThat(store.fetch("a", 0)).isEqualTo("1");
        assertThat(store.fetch("b", 0)).isEqualTo("1");

        store.close(); // a clean close: Kafka Streams flushed just before

        WindowStore<String, String> reopened = openPersistent(false);
        assertThat(reopened.fetch("a", 0)).isEqualTo("1");
        assertThat(reopened.fetch("b", 0)).isEqualTo("1");
        reopened.close();
    }

    @Test
    void shouldDropAOneRunStoresPendingPutsAtACloseNoFlushPreceded() {
        WindowStore<String, String> store = openPersistent(true);
        store.put("a", "1", 0);
        ((WriteBehindWindowStore<String, String>) store).flushCache();
        store.put("b", "1", 0); // of offsets never committed

        store.close();

        WindowStore<String, String> reopened = openPersistent(false);
        assertThat(reopened.fetch("b", 0)).isNull();
        assertThat(reopened.fetch("a", 0))
                .as("the deferred write of a committed offset goes too")
                .isNull();
        reopened.close();
    }

    @Test
    void shouldWriteDownAOneRunStoreAtItsLargerBoundAndBeforeARangeRead() {
        WriteBehindWindowStore<String, String> store = new WriteBehindWindowStore<>(inMemoryBelow(), false, true);
        store.init(new org.apache.kafka.streams.processor.api.MockProcessorContext<>().getStateStoreContext(), store);
        for (int i = 0; i < WriteBehindWindowStore.MAX_DEFERRED - 1; i++) {
            store.put("k" + i, "v", 0);
        }
        assertThat(store.wrapped().fetch("k0", 0)).isNull();
        store.put("last", "v", 0);
        assertThat(store.wrapped().fetch("k0", 0)).isEqualTo("v");

        store.put("later", "v", 0);
        try (WindowStoreIterator<String> it = store.fetch("later", 0, 10)) {
            assertThat(it.hasNext()).isTrue();
        }
        assertThat(store.wrapped().fetch("later", 0)).isEqualTo("v");
    }

    @Test
    void shouldWriteDownAtEveryCommitWhenTheStoreHasAChangelogEvenForOneRun() {
        WriteBehindWindowStore<String, String> store = new WriteBehindWindowStore<>(
                inMemoryBelow(),
                true, // as a store with a changelog: a restore or a standby may write below
                true);
        store.init(new org.apache.kafka.streams.processor.api.MockProcessorContext<>().getStateStoreContext(), store);
        store.put("a", "1", 0);
        store.flushCache();

        assertThat(store.defersWriteDown()).isFalse();
        assertThat(store.wrapped().fetch("a", 0)).isEqualTo("1");
    }

    @Test
    void shouldReachTheChangelogWhenKafkaStreamsCommitsTheTask() {
        // The contract this store relies on, as for WriteBehindStore: Kafka Streams flushes a task's store caches
        // before it commits the task (the driver commits after every input record).
        StreamsBuilder sb = new StreamsBuilder();
        sb.addStateStore(WriteBehindWindowStore.over(Stores.windowStoreBuilder(
                Stores.persistentWindowStore("seen", Duration.ofDays(2), Duration.ofDays(1), false),
                Serdes.String(),
                Serdes.String())));
        sb.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(
                        () -> new Processor<String, String, Void, Void>() {
                            private WindowStore<String, String> seen;

                            @Override
                            public void init(ProcessorContext<Void, Void> c) {
                                seen = c.getStateStore("seen");
                            }

                            @Override
                            public void process(Record<String, String> r) {
                                if (seen.fetch(r.key(), 0) == null) {
                                    seen.put(r.key(), r.value(), 0);
                                }
                            }
                        },
                        "seen");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "wbw");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (TopologyTestDriver driver = new TopologyTestDriver(sb.build(), props)) {
            var in = driver.createInputTopic(
                    "in", Serdes.String().serializer(), Serdes.String().serializer());
            var changelog = driver.createOutputTopic(
                    "wbw-seen-changelog",
                    Serdes.String().deserializer(),
                    Serdes.String().deserializer());

            in.pipeInput("e-1", "first");
            assertThat(changelog.readValuesToList()).containsExactly("first");

            in.pipeInput("e-1", "copy");
            in.pipeInput("e-2", "first");
            assertThat(changelog.readValuesToList()).containsExactly("first");
            assertThat(driver.<String, String>getWindowStore("seen").fetch("e-1", 0))
                    .isEqualTo("first");
        }
    }
}
