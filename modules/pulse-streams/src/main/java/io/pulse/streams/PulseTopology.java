package io.pulse.streams;

import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.Plan;
import io.pulse.streams.event.EventMapper;
import io.pulse.streams.event.EventType;
import io.pulse.streams.plan.DirectoryAvro;
import io.pulse.streams.plan.PlanAvro;
import io.pulse.streams.processor.AggregateProcessor;
import io.pulse.streams.processor.DecodeProcessor;
import io.pulse.streams.processor.DirectoryLookup;
import io.pulse.streams.processor.DirectoryProcessor;
import io.pulse.streams.processor.EventReader;
import io.pulse.streams.processor.HomePartitioner;
import io.pulse.streams.processor.Out;
import io.pulse.streams.processor.PlanProcessor;
import io.pulse.streams.processor.ReaderInput;
import io.pulse.streams.processor.ScopePartitioner;
import io.pulse.streams.processor.Validated;
import io.pulse.streams.state.InternalSerdes;
import io.pulse.streams.state.ScopeInput;
import io.pulse.streams.state.WriteBehindStore;
import io.pulse.streams.state.WriteBehindWindowStore;
import io.pulse.streams.time.EventTimeExtractor;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The one factory of Pulse's Kafka Streams topology (DESIGN "Data flow"); the service, demo, replay and the
 * tests all call {@link #build}. Every processor, store and internal topic is named {@code pulse-<what>-<op>}.
 */
public final class PulseTopology {
    public static final String DECODE = "pulse-events-decode";
    public static final String DEDUPE_STORE = "pulse-dedupe-generations-store";
    /** The dedupe store before generations: read, never written, so an upgrade forgets no eventId. */
    public static final String LEGACY_DEDUPE_STORE = "pulse-dedupe-store";

    public static final String DIRECTORY_STORE = "pulse-directory-store";
    public static final String AGGREGATES_STORE = "pulse-aggregates-store";
    public static final String CLOSE_INDEX_STORE = "pulse-close-index-store";
    public static final String CUSTOMERS_STORE = "pulse-customers-store";
    public static final String PLANS_STORE = "pulse-plans-store";
    public static final String PLAN_PERIODS_STORE = "pulse-plan-periods-store";
    public static final String SCORECARDS_STORE = "pulse-scorecards-store";
    public static final String ALERT_STATE_STORE = "pulse-alert-state-store";
    public static final String SLIDING_STORE = "pulse-sliding-store";
    public static final String READ = "pulse-events-read";
    public static final String FOLD_STORE = "pulse-fold-store";
    public static final String READER_MARKS_STORE = "pulse-reader-marks-store";
    public static final String WATERMARKS_STORE = "pulse-watermarks-store";
    public static final String CONTRIBUTIONS = "pulse-contributions";
    public static final String PLANS_BY_SCOPE = "pulse-plans-by-scope";

    private PulseTopology() {}

    public static Topology build(PulseStreamsConfig config, AvroSerdeFactory avro) {
        Topics topics = new Topics(config.topicPrefix(), avro);
        StreamsBuilder builder = new StreamsBuilder();

        // Directory: validated into its own compacted topic (invalid entries to the DLQ, never replacing the
        // last valid one), read back as a global table of the validated entries.
        Deserializer<DirectoryEntry> directoryEntries = DirectoryAvro.deserializer(avro);
        KStream<String, Validated<DirectoryEntry>> directoryResults = builder.stream(
                        topics.directory().name(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pulse-directory-source"))
                .process(() -> new DirectoryProcessor(directoryEntries), Named.as("pulse-directory-validate"));
        valid(directoryResults, "pulse-directory", topics)
                .to(topics.directoryValid().name(), topics.directoryValid().produced("pulse-directory-valid-sink"));
        builder.globalTable(
                topics.directoryValid().name(),
                topics.directoryValid().consumed("pulse-directory-valid-source"),
                Materialized.<String, DirectoryEntry>as(Stores.persistentTimestampedKeyValueStore(DIRECTORY_STORE))
                        .withKeySerde(topics.directoryValid().keySerde())
                        .withValueSerde(topics.directoryValid().valueSerde()));

        // 1. One sub-topology reads every event topic and the by-eventId topic (co-partitioned, checked at
        //    start-up): decode and validate, watermark, dedupe in the event's home partition, fold per hour.
        Map<String, EventType> typeByTopic = new HashMap<>();
        Map<EventType, Deserializer<? extends SpecificRecord>> deserializers = new EnumMap<>(EventType.class);
        for (EventType t : EventType.values()) {
            typeByTopic.put(topics.event(t).name(), t);
            deserializers.put(t, avro.valueSerde(t.avroClass()).deserializer());
        }
        EventMapper mapper = new EventMapper(config.currency());
        KStream<String, ReaderInput> decoded = builder.stream(
                        topics.eventTopicNames(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName("pulse-events-source")
                                .withTimestampExtractor(new EventTimeExtractor()))
                .process(() -> new DecodeProcessor(typeByTopic, deserializers, mapper), Named.as(DECODE))
                .mapValues(ReaderInput.Read::new, Named.as("pulse-events-decoded"));
        KStream<String, ReaderInput> routed = builder.stream(
                        topics.eventsById().name(),
                        Consumed.with(Serdes.String(), InternalSerdes.routed()).withName("pulse-events-by-id-source"))
                .mapValues(ReaderInput.ById::new, Named.as("pulse-events-by-id-in"));
        // Entries live under the start of their generation (event time floored to the horizon): keeping two horizons
        // keeps the generation before the latest one whole, which holds every eventId of the last horizon.
        // Written down once per commit (WriteBehindWindowStore), which batches the changelog writes to the commit as
        // the record cache did, without its sorted map. Written at once, every event's changelog record made the
        // first writes of a transaction meet the end of the previous one on the broker (CONCURRENT_TRANSACTIONS, then
        // OUT_OF_ORDER_SEQUENCE_NUMBER for the batches behind them, logged as errors before the retries succeeded).
        builder.addStateStore(logged(
                config,
                WriteBehindWindowStore.over(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(
                                        DEDUPE_STORE,
                                        config.dedupeHorizon().multipliedBy(2),
                                        config.dedupeHorizon(),
                                        false),
                                Serdes.String(),
                                InternalSerdes.longs()),
                        // Without changelogs (a replay) the state lives for one run: its writes wait across commits.
                        !config.changelogs())));
        builder.addStateStore(logged(
                config,
                Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(
                                LEGACY_DEDUPE_STORE, config.dedupeHorizon(), config.dedupeHorizon(), false),
                        Serdes.String(),
                        InternalSerdes.longs())));
        // Rewritten on every event and emptied before most commits: written down once per commit, and only what
        // is still buffered then (WriteBehindStore); the record cache would only repeat that.
        builder.addStateStore(logged(
                config,
                WriteBehindStore.overSmall(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(FOLD_STORE), Serdes.Bytes(), InternalSerdes.folded()))));
        builder.addStateStore(logged(
                config,
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(READER_MARKS_STORE), Serdes.String(), InternalSerdes.marks())));
        EventReader.Stores readerStores = new EventReader.Stores(
                DEDUPE_STORE, LEGACY_DEDUPE_STORE, FOLD_STORE, READER_MARKS_STORE, DIRECTORY_STORE);
        KStream<String, Out> read = decoded.merge(routed, Named.as("pulse-reader-inputs"))
                .process(
                        () -> new EventReader(readerStores, config, topics.eventTopicNames(), new DirectoryLookup()),
                        Named.as(READ),
                        DEDUPE_STORE,
                        LEGACY_DEDUPE_STORE,
                        FOLD_STORE,
                        READER_MARKS_STORE);
        read.flatMap(
                        (k, v) -> v instanceof Out.Dlq d
                                ? List.of(KeyValue.pair(d.originalKey(), d.record()))
                                : List.<KeyValue<byte[], RejectedRecord>>of(),
                        Named.as("pulse-dlq-map"))
                .to(topics.dlq().name(), topics.dlq().produced("pulse-dlq-sink"));
        only(read, v -> v instanceof Out.Late l ? l.record() : null, "pulse-read-late-map")
                .to(topics.late().name(), topics.late().produced("pulse-read-late-sink"));
        only(read, v -> v instanceof Out.ById b ? b.routed() : null, "pulse-events-by-id-map")
                .to(
                        topics.eventsById().name(),
                        Produced.with(Serdes.String(), InternalSerdes.routed())
                                .withStreamPartitioner(new HomePartitioner())
                                .withName("pulse-events-by-id-sink"));
        KStream<String, ScopeInput> contributions = only(
                        read, v -> v instanceof Out.ToScope t ? t.input() : null, "pulse-contributions-map")
                .repartition(Repartitioned.<String, ScopeInput>as(CONTRIBUTIONS)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(InternalSerdes.scopeInputs())
                        .withNumberOfPartitions(config.partitions())
                        .withStreamPartitioner(new ScopePartitioner()));

        // Plans: validated, then co-partitioned with the contributions of their scope.
        Deserializer<Plan> plans = PlanAvro.deserializer(avro);
        KStream<String, Validated<ScopeInput.PlanUpdate>> planResults = builder.stream(
                        topics.plans().name(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pulse-plans-source"))
                .process(() -> new PlanProcessor(plans, config.catalog()), Named.as("pulse-plans-validate"));
        KStream<String, ScopeInput> planUpdates = valid(planResults, "pulse-plans", topics)
                .repartition(Repartitioned.<String, ScopeInput.PlanUpdate>as(PLANS_BY_SCOPE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(InternalSerdes.planUpdates())
                        .withNumberOfPartitions(config.partitions())
                        .withStreamPartitioner(
                                (topic, key, value, n) -> Optional.of(Set.of(ScopePartitioner.partitionOf(key, n)))))
                .mapValues(v -> (ScopeInput) v, Named.as("pulse-plans-to-scope-input"));

        // 2. Calendar aggregates per scope, KPI values, finals, scorecards and alerts, at the watermark.
        KStream<String, ScopeInput> byScope = contributions.merge(planUpdates, Named.as("pulse-scope-inputs-merge"));
        // Six windows change per delta: each is written down once per commit (WriteBehindStore).
        builder.addStateStore(logged(
                config,
                WriteBehindStore.over(Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(AGGREGATES_STORE),
                                Serdes.Bytes(),
                                InternalSerdes.measures())
                        .withCachingEnabled())));
        addCachedStore(builder, config, CLOSE_INDEX_STORE, Serdes.Bytes(), InternalSerdes.markers());
        // A new customer of a delta is recorded in each of its six windows: also written down once per commit, and
        // without a record cache, which would only add a sorted insert before each write and a sorted lookup before
        // each read (nearly every read misses: the customer is new to the window).
        builder.addStateStore(logged(
                config,
                WriteBehindStore.over(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CUSTOMERS_STORE), Serdes.Bytes(), InternalSerdes.markers()))));
        addCachedStore(builder, config, PLANS_STORE, Serdes.String(), InternalSerdes.plans());
        addCachedStore(builder, config, PLAN_PERIODS_STORE, Serdes.String(), InternalSerdes.longs());
        addCachedStore(builder, config, SCORECARDS_STORE, Serdes.String(), InternalSerdes.scorecards());
        addCachedStore(builder, config, ALERT_STATE_STORE, Serdes.String(), InternalSerdes.longs());
        addCachedStore(builder, config, SLIDING_STORE, Serdes.Bytes(), InternalSerdes.measures());
        builder.addStateStore(logged(
                config,
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(WATERMARKS_STORE), Serdes.String(), InternalSerdes.marks())));
        AggregateProcessor.Stores storeNames = new AggregateProcessor.Stores(
                AGGREGATES_STORE,
                CLOSE_INDEX_STORE,
                CUSTOMERS_STORE,
                PLANS_STORE,
                PLAN_PERIODS_STORE,
                SCORECARDS_STORE,
                ALERT_STATE_STORE,
                SLIDING_STORE,
                WATERMARKS_STORE);
        KStream<String, Out> emitted = byScope.process(
                () -> new AggregateProcessor(storeNames, config),
                Named.as("pulse-aggregate"),
                AGGREGATES_STORE,
                CLOSE_INDEX_STORE,
                CUSTOMERS_STORE,
                PLANS_STORE,
                PLAN_PERIODS_STORE,
                SCORECARDS_STORE,
                ALERT_STATE_STORE,
                SLIDING_STORE,
                WATERMARKS_STORE);

        only(emitted, v -> v instanceof Out.Value x ? x.value() : null, "pulse-kpi-values-map")
                .to(topics.kpiValues().name(), topics.kpiValues().produced("pulse-kpi-values-sink"));
        only(emitted, v -> v instanceof Out.Final x ? x.value() : null, "pulse-kpi-final-map")
                .to(topics.kpiFinal().name(), topics.kpiFinal().produced("pulse-kpi-final-sink"));
        only(emitted, v -> v instanceof Out.Late x ? x.record() : null, "pulse-late-map")
                .to(topics.late().name(), topics.late().produced("pulse-late-sink"));
        only(emitted, v -> v instanceof Out.Card x ? x.scorecard() : null, "pulse-scorecards-map")
                .to(topics.scorecards().name(), topics.scorecards().produced("pulse-scorecards-sink"));
        only(emitted, v -> v instanceof Out.Notice x ? x.alert() : null, "pulse-alerts-map")
                .to(topics.alerts().name(), topics.alerts().produced("pulse-alerts-sink"));
        return builder.build();
    }

    /** The records of one kind of {@link Out}, as {@code pick} unwraps them ({@code null}: another kind). */
    private static <R> KStream<String, R> only(KStream<String, Out> out, Function<Out, R> pick, String name) {
        return out.flatMapValues(
                v -> {
                    R r = pick.apply(v);
                    return r == null ? List.<R>of() : List.of(r);
                },
                Named.as(name));
    }

    /** Sends the rejections of a validator to the DLQ ({@code <name>-dlq-*}) and gives what passed, in its core form. */
    private static <T> KStream<String, T> valid(KStream<String, Validated<T>> results, String name, Topics topics) {
        results.flatMap(
                        (k, v) -> v instanceof Validated.Rejected<T> r
                                ? List.of(KeyValue.pair(r.originalKey(), r.record()))
                                : List.<KeyValue<byte[], RejectedRecord>>of(),
                        Named.as(name + "-dlq-map"))
                .to(topics.dlq().name(), topics.dlq().produced(name + "-dlq-sink"));
        return results.flatMapValues(
                v -> v instanceof Validated.Valid<T> ok ? Collections.singletonList(ok.value()) : List.<T>of(),
                Named.as(name + "-valid"));
    }

    /** A persistent key-value store with the record cache in front: the aggregator's stores. */
    private static <K, V> void addCachedStore(
            StreamsBuilder builder, PulseStreamsConfig config, String name, Serde<K> keys, Serde<V> values) {
        builder.addStateStore(logged(
                config,
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                        .withCachingEnabled()));
    }

    /**
     * A store as {@code config} wants its changelog: logged (Kafka Streams' default), or not at all where the state
     * is thrown away after one run (replay), which saves writing every change to the broker a second time.
     */
    private static <S extends StateStore> StoreBuilder<S> logged(PulseStreamsConfig config, StoreBuilder<S> store) {
        return config.changelogs() ? store : store.withLoggingDisabled();
    }
}
