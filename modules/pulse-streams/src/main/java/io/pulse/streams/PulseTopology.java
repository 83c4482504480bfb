package io.pulse.streams;

import io.pulse.avro.control.DirectoryEntry;
import io.pulse.avro.control.Plan;
import io.pulse.streams.event.EventMapper;
import io.pulse.streams.event.EventType;
import io.pulse.streams.processor.AggregateProcessor;
import io.pulse.streams.processor.Decoded;
import io.pulse.streams.processor.DecodeProcessor;
import io.pulse.streams.processor.DirectoryLookup;
import io.pulse.streams.processor.DirectoryProcessor;
import io.pulse.streams.processor.EventReader;
import io.pulse.streams.processor.HomePartitioner;
import io.pulse.streams.processor.Out;
import io.pulse.streams.processor.PlanProcessor;
import io.pulse.streams.processor.ScopePartitioner;
import io.pulse.streams.state.InternalSerdes;
import io.pulse.streams.state.ScopeInput;
import io.pulse.streams.time.EventTimeExtractor;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The one factory of Pulse's Kafka Streams topology (DESIGN "Data flow"); the service, demo, replay and the
 * tests all call {@link #build}. Every processor, store and internal topic is named {@code pulse-<what>-<op>}.
 */
public final class PulseTopology {
    public static final String DECODE = "pulse-events-decode";
    public static final String DEDUPE_STORE = "pulse-dedupe-store";
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

    private PulseTopology() {
    }

    public static Topology build(PulseStreamsConfig config, AvroSerdeFactory avro) {
        Topics topics = new Topics(config.topicPrefix(), avro);
        StreamsBuilder builder = new StreamsBuilder();

        // Directory: validated into its own compacted topic (invalid entries to the DLQ, never replacing the
        // last valid one), read back as a global table of raw bytes decoded on lookup.
        Serde<DirectoryEntry> directorySerde = avro.valueSerde(DirectoryEntry.class);
        Map<String, KStream<String, Object>> directoryBranches = builder
                .stream(topics.directory().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName("pulse-directory-source"))
                .process(() -> new DirectoryProcessor(directorySerde.deserializer()), Named.as("pulse-directory-validate"))
                .split(Named.as("pulse-directory-"))
                .branch((k, v) -> v instanceof Decoded, Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));
        directoryBranches.get("pulse-directory-rejected")
                .map((k, v) -> KeyValue.pair(((Decoded) v).originalKey(), ((Decoded) v).rejected()),
                        Named.as("pulse-directory-dlq-map"))
                .to(topics.dlq().name(), topics.dlq().produced("pulse-directory-dlq-sink"));
        directoryBranches.get("pulse-directory-valid")
                .mapValues(v -> (byte[]) v, Named.as("pulse-directory-unwrap"))
                .to(topics.directoryValid().name(), topics.directoryValid().produced("pulse-directory-valid-sink"));
        builder.globalTable(topics.directoryValid().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("pulse-directory-valid-source"),
                Materialized.<String, byte[]>as(Stores.persistentTimestampedKeyValueStore(DIRECTORY_STORE))
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));

        // 1. One sub-topology reads every event topic and the by-eventId topic (co-partitioned, checked at
        //    start-up): decode and validate, watermark, dedupe in the event's home partition, fold per hour.
        Map<String, EventType> typeByTopic = new HashMap<>();
        Map<EventType, Deserializer<? extends SpecificRecord>> deserializers = new EnumMap<>(EventType.class);
        for (EventType t : EventType.values()) {
            typeByTopic.put(topics.event(t).name(), t);
            deserializers.put(t, avro.valueSerde(t.avroClass()).deserializer());
        }
        EventMapper mapper = new EventMapper(config.currency());
        KStream<String, Object> decoded = builder.stream(topics.eventTopicNames(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pulse-events-source")
                                .withTimestampExtractor(new EventTimeExtractor()))
                .process(() -> new DecodeProcessor(typeByTopic, deserializers, mapper), Named.as(DECODE))
                .mapValues(v -> (Object) v, Named.as("pulse-events-decoded"));
        KStream<String, Object> routed = builder.stream(topics.eventsById().name(),
                        Consumed.with(Serdes.String(), InternalSerdes.routed()).withName("pulse-events-by-id-source"))
                .mapValues(v -> (Object) v, Named.as("pulse-events-by-id-in"));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUPE_STORE, config.dedupeHorizon(), config.dedupeHorizon(), false),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FOLD_STORE),
                Serdes.Bytes(), InternalSerdes.folded()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(READER_MARKS_STORE),
                Serdes.String(), InternalSerdes.marks()));
        EventReader.Stores readerStores = new EventReader.Stores(DEDUPE_STORE, FOLD_STORE, READER_MARKS_STORE, DIRECTORY_STORE);
        KStream<String, Out> read = decoded.merge(routed, Named.as("pulse-reader-inputs"))
                .process(() -> new EventReader(readerStores, config, topics.eventsById().name(), topics.eventTopicNames(),
                                new DirectoryLookup(directorySerde.deserializer(), topics.directory().name())),
                        Named.as(READ), DEDUPE_STORE, FOLD_STORE, READER_MARKS_STORE);
        Map<String, KStream<String, Out>> readOut = read.split(Named.as("pulse-read-"))
                .branch((k, v) -> v instanceof Out.Dlq, Branched.as("dlq"))
                .branch((k, v) -> v instanceof Out.Late, Branched.as("late"))
                .branch((k, v) -> v instanceof Out.ById, Branched.as("by-id"))
                .defaultBranch(Branched.as("to-scope"));
        readOut.get("pulse-read-dlq")
                .map((k, v) -> KeyValue.pair(((Out.Dlq) v).originalKey(), ((Out.Dlq) v).record()), Named.as("pulse-dlq-map"))
                .to(topics.dlq().name(), topics.dlq().produced("pulse-dlq-sink"));
        readOut.get("pulse-read-late")
                .mapValues(v -> ((Out.Late) v).record(), Named.as("pulse-read-late-map"))
                .to(topics.late().name(), topics.late().produced("pulse-read-late-sink"));
        readOut.get("pulse-read-by-id")
                .mapValues(v -> ((Out.ById) v).routed(), Named.as("pulse-events-by-id-map"))
                .to(topics.eventsById().name(), Produced.with(Serdes.String(), InternalSerdes.routed())
                        .withStreamPartitioner(new HomePartitioner()).withName("pulse-events-by-id-sink"));
        KStream<String, ScopeInput> contributions = readOut.get("pulse-read-to-scope")
                .mapValues(v -> ((Out.ToScope) v).input(), Named.as("pulse-contributions-map"))
                .repartition(Repartitioned.<String, ScopeInput>as(CONTRIBUTIONS)
                        .withKeySerde(Serdes.String()).withValueSerde(InternalSerdes.scopeInputs())
                        .withNumberOfPartitions(config.partitions())
                        .withStreamPartitioner(new ScopePartitioner()));

        // Plans: validated, then co-partitioned with the contributions of their scope.
        KStream<String, Object> planResults = builder
                .stream(topics.plans().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("pulse-plans-source"))
                .process(() -> new PlanProcessor(avro.valueSerde(Plan.class).deserializer(), config.catalog()),
                        Named.as("pulse-plans-validate"));
        Map<String, KStream<String, Object>> planBranches = planResults.split(Named.as("pulse-plans-"))
                .branch((k, v) -> v instanceof Decoded, Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));
        planBranches.get("pulse-plans-rejected")
                .map((k, v) -> KeyValue.pair(((Decoded) v).originalKey(), ((Decoded) v).rejected()), Named.as("pulse-plans-dlq-map"))
                .to(topics.dlq().name(), topics.dlq().produced("pulse-plans-dlq-sink"));
        KStream<String, ScopeInput> planUpdates = planBranches.get("pulse-plans-valid")
                .mapValues(v -> (ScopeInput.PlanUpdate) v, Named.as("pulse-plans-unwrap"))
                .repartition(Repartitioned.<String, ScopeInput.PlanUpdate>as(PLANS_BY_SCOPE)
                        .withKeySerde(Serdes.String()).withValueSerde(InternalSerdes.planUpdates())
                        .withNumberOfPartitions(config.partitions())
                        .withStreamPartitioner((topic, key, value, n) ->
                                Optional.of(Set.of(ScopePartitioner.partitionOf(key, n)))))
                .mapValues(v -> (ScopeInput) v, Named.as("pulse-plans-to-scope-input"));

        // 2. Calendar aggregates per scope, KPI values, finals, scorecards and alerts, at the watermark.
        KStream<String, ScopeInput> byScope = contributions.merge(planUpdates, Named.as("pulse-scope-inputs-merge"));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AGGREGATES_STORE),
                Serdes.Bytes(), InternalSerdes.measures()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOSE_INDEX_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMERS_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PLANS_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PLAN_PERIODS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SCORECARDS_STORE),
                Serdes.String(), InternalSerdes.scorecards()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_STATE_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SLIDING_STORE),
                Serdes.Bytes(), InternalSerdes.measures()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WATERMARKS_STORE),
                Serdes.String(), InternalSerdes.marks()));
        AggregateProcessor.Stores storeNames = new AggregateProcessor.Stores(AGGREGATES_STORE, CLOSE_INDEX_STORE,
                CUSTOMERS_STORE, PLANS_STORE, PLAN_PERIODS_STORE, SCORECARDS_STORE, ALERT_STATE_STORE, SLIDING_STORE,
                WATERMARKS_STORE);
        KStream<String, Out> emitted = byScope.process(() -> new AggregateProcessor(storeNames, config),
                Named.as("pulse-aggregate"), AGGREGATES_STORE, CLOSE_INDEX_STORE, CUSTOMERS_STORE, PLANS_STORE,
                PLAN_PERIODS_STORE, SCORECARDS_STORE, ALERT_STATE_STORE, SLIDING_STORE, WATERMARKS_STORE);

        Map<String, KStream<String, Out>> outs = emitted.split(Named.as("pulse-out-"))
                .branch((k, v) -> v instanceof Out.Value, Branched.as("kpi-values"))
                .branch((k, v) -> v instanceof Out.Final, Branched.as("kpi-final"))
                .branch((k, v) -> v instanceof Out.Late, Branched.as("late"))
                .branch((k, v) -> v instanceof Out.Card, Branched.as("scorecards"))
                .branch((k, v) -> v instanceof Out.Notice, Branched.as("alerts"))
                .noDefaultBranch();
        outs.get("pulse-out-kpi-values").mapValues(v -> ((Out.Value) v).value(), Named.as("pulse-kpi-values-map"))
                .to(topics.kpiValues().name(), topics.kpiValues().produced("pulse-kpi-values-sink"));
        outs.get("pulse-out-kpi-final").mapValues(v -> ((Out.Final) v).value(), Named.as("pulse-kpi-final-map"))
                .to(topics.kpiFinal().name(), topics.kpiFinal().produced("pulse-kpi-final-sink"));
        outs.get("pulse-out-late").mapValues(v -> ((Out.Late) v).record(), Named.as("pulse-late-map"))
                .to(topics.late().name(), topics.late().produced("pulse-late-sink"));
        outs.get("pulse-out-scorecards").mapValues(v -> ((Out.Card) v).scorecard(), Named.as("pulse-scorecards-map"))
                .to(topics.scorecards().name(), topics.scorecards().produced("pulse-scorecards-sink"));
        outs.get("pulse-out-alerts").mapValues(v -> ((Out.Notice) v).alert(), Named.as("pulse-alerts-map"))
                .to(topics.alerts().name(), topics.alerts().produced("pulse-alerts-sink"));
        return builder.build();
    }
}
