package io.pulse.streams;

import io.pulse.avro.control.DirectoryEntry;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.streams.event.EventType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A topology under test: the real factory, real serdes over the in-memory registry, and TopologyTestDriver
 * with explicit event times and wall-clock time.
 */
final class TopologyFixture implements AutoCloseable {
    final PulseStreamsConfig config;
    final Topics topics;
    final TopologyTestDriver driver;
    private final AvroSerdeFactory avro;
    private final Map<EventType, TestInputTopic<byte[], byte[]>> inputs = new EnumMap<>(EventType.class);
    private final TestInputTopic<String, byte[]> directory;
    private final TestInputTopic<String, byte[]> directoryValid;
    private final TestOutputTopic<String, KpiValue> values;
    private final TestOutputTopic<String, KpiValue> finals;
    private final TestOutputTopic<byte[], RejectedRecord> dlq;
    private final TestOutputTopic<String, RejectedRecord> late;
    private final TestInputTopic<String, byte[]> plans;
    private final TestOutputTopic<String, io.pulse.avro.outputs.Scorecard> scorecards;
    private final TestOutputTopic<String, io.pulse.avro.outputs.Alert> alerts;
    private final Path stateDir;
    private final String applicationId = "pulse-test-" + UUID.randomUUID();
    private Instant clock;
    private Instant lastEventTime;

    /**
     * A configuration without wall clock runs as replay does: every event forwarded as it is read, partitions
     * never idle, {@link #closeAll()} and {@link #end} end their input. One with wall clock runs as the
     * service does: deltas are forwarded and idle partitions excused when {@link #advanceWallClock} passes.
     */
    TopologyFixture(PulseStreamsConfig config, Instant wallClockStart) {
        // TopologyTestDriver runs one task per sub-topology: one partition of every topic.
        this.config = config.closeOnWallClock()
                ? config.toBuilder().partitions(1).build()
                : config.toBuilder()
                        .partitions(1)
                        .flushInterval(java.time.Duration.ZERO)
                        .idleTimeout(java.time.Duration.ZERO)
                        .build();
        config = this.config;
        this.clock = wallClockStart;
        this.avro = TestAvro.factory();
        this.topics = new Topics(config.topicPrefix(), avro);
        Topology topology = PulseTopology.build(config, avro);
        try {
            stateDir = Files.createTempDirectory("pulse-ttd");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Properties props = StreamsSettings.defaults(applicationId, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, wallClockStart);
        for (EventType t : EventType.values()) {
            inputs.put(
                    t,
                    driver.createInputTopic(
                            topics.event(t).name(), new ByteArraySerializer(), new ByteArraySerializer()));
        }
        directory =
                driver.createInputTopic(topics.directory().name(), new StringSerializer(), new ByteArraySerializer());
        directoryValid = driver.createInputTopic(
                topics.directoryValid().name(), new StringSerializer(), new ByteArraySerializer());
        values = driver.createOutputTopic(
                topics.kpiValues().name(),
                new StringDeserializer(),
                topics.kpiValues().valueSerde().deserializer());
        finals = driver.createOutputTopic(
                topics.kpiFinal().name(),
                new StringDeserializer(),
                topics.kpiFinal().valueSerde().deserializer());
        dlq = driver.createOutputTopic(
                topics.dlq().name(),
                new ByteArrayDeserializer(),
                topics.dlq().valueSerde().deserializer());
        late = driver.createOutputTopic(
                topics.late().name(),
                new StringDeserializer(),
                topics.late().valueSerde().deserializer());
        plans = driver.createInputTopic(topics.plans().name(), new StringSerializer(), new ByteArraySerializer());
        scorecards = driver.createOutputTopic(
                topics.scorecards().name(),
                new StringDeserializer(),
                topics.scorecards().valueSerde().deserializer());
        alerts = driver.createOutputTopic(
                topics.alerts().name(),
                new StringDeserializer(),
                topics.alerts().valueSerde().deserializer());
    }

    static EventType typeOf(SpecificRecord event) {
        for (EventType t : EventType.values()) {
            if (t.avroClass().isInstance(event)) {
                return t;
            }
        }
        throw new IllegalArgumentException(event.getClass().getName());
    }

    @SuppressWarnings("unchecked")
    byte[] encode(SpecificRecord event) {
        EventType type = typeOf(event);
        Serde<SpecificRecord> serde = (Serde<SpecificRecord>) (Serde<?>) avro.valueSerde(type.avroClass());
        return serde.serializer().serialize(topics.event(type).name(), event);
    }

    /**
     * Sends events with the record timestamp equal to the event time. (TopologyTestDriver runs every
     * sub-topology in one task, so record timestamps of the input topics would move the aggregator's stream
     * time too, which a real deployment, with a task per sub-topology, does not do.)
     */
    TopologyFixture send(SpecificRecord... events) {
        for (SpecificRecord e : events) {
            EventType type = typeOf(e);
            byte[] key = String.valueOf(e.get(0)).getBytes(StandardCharsets.UTF_8);
            java.time.Instant at = (java.time.Instant)
                    e.get(e.getSchema().getField("occurredAt").pos());
            lastEventTime = lastEventTime == null || at.isAfter(lastEventTime) ? at : lastEventTime;
            inputs.get(type).pipeInput(new TestRecord<>(key, encode(e), at));
        }
        return this;
    }

    TopologyFixture sendRaw(EventType type, byte[] key, byte[] value) {
        inputs.get(type).pipeInput(new TestRecord<>(key, value, wallClock()));
        return this;
    }

    Instant wallClock() {
        return clock;
    }

    /**
     * Advances wall-clock time only, firing wall-clock punctuations (publishing and closing). A running service
     * reads the reading tasks' once-a-second marks all the while, which is what lets silence count as caught up;
     * the driver fires a punctuation once per call, so time goes in steps shorter than the idle timeout.
     */
    TopologyFixture advanceWallClock(java.time.Duration d) {
        java.time.Duration left = d;
        while (!left.isZero()) {
            java.time.Duration step = left.compareTo(STEP) > 0 ? STEP : left;
            clock = clock.plus(step);
            driver.advanceWallClockTime(step);
            left = left.minus(step);
        }
        return this;
    }

    /** Shorter than the idle timeout (5 s). */
    private static final java.time.Duration STEP = java.time.Duration.ofSeconds(4);

    TopologyFixture directory(String employee, String team) {
        byte[] value = avro.valueSerde(DirectoryEntry.class)
                .serializer()
                .serialize(
                        topics.directory().name(),
                        DirectoryEntry.newBuilder()
                                .setEmployee(employee)
                                .setTeam(team)
                                .build());
        directory.pipeInput(employee, value);
        return this;
    }

    /** An assignment that applies from {@code validFrom} (event time). */
    TopologyFixture directory(String employee, String team, Instant validFrom) {
        byte[] value = avro.valueSerde(DirectoryEntry.class)
                .serializer()
                .serialize(
                        topics.directory().name(),
                        DirectoryEntry.newBuilder()
                                .setEmployee(employee)
                                .setTeam(team)
                                .setValidFrom(validFrom)
                                .build());
        directory.pipeInput(employee, value);
        return this;
    }

    /**
     * An entry in the validated directory as the previous version of Pulse wrote it there: the directory topic's own
     * bytes (registry wire format), forwarded unchanged.
     */
    TopologyFixture previouslyValidated(String employee, String team) {
        byte[] value = avro.valueSerde(DirectoryEntry.class)
                .serializer()
                .serialize(
                        topics.directory().name(),
                        DirectoryEntry.newBuilder()
                                .setEmployee(employee)
                                .setTeam(team)
                                .build());
        directoryValid.pipeInput(employee, value);
        return this;
    }

    TopologyFixture directoryRaw(String employee, byte[] value) {
        directory.pipeInput(employee, value);
        return this;
    }

    /** The input of these event topics ends (replay's end-of-input marker): they stop holding the watermark back. */
    TopologyFixture end(EventType... types) {
        for (EventType t : types) {
            TestRecord<byte[], byte[]> end = new TestRecord<>(
                    null,
                    null,
                    new org.apache.kafka.common.header.internals.RecordHeaders()
                            .add(io.pulse.streams.time.Watermarks.END_OF_INPUT_HEADER, new byte[0]),
                    lastEventTime == null ? clock : lastEventTime);
            inputs.get(t).pipeInput(end);
        }
        return this;
    }

    /** Every event topic but these ends. */
    TopologyFixture endAllBut(EventType... open) {
        java.util.EnumSet<EventType> ended = java.util.EnumSet.allOf(EventType.class);
        ended.removeAll(List.of(open));
        return end(ended.toArray(new EventType[0]));
    }

    /** What replay does at the end of its input: every topic ends, which closes every window and plan period up to the last event. */
    TopologyFixture closeAll() {
        return end(EventType.values());
    }

    List<TestRecord<String, KpiValue>> readValues() {
        return values.readRecordsToList();
    }

    List<TestRecord<String, KpiValue>> readFinals() {
        return finals.readRecordsToList();
    }

    /** The latest record per key of the values topic. */
    Map<String, KpiValue> latestValues() {
        Map<String, KpiValue> m = new LinkedHashMap<>();
        values.readRecordsToList().forEach(r -> m.put(r.key(), r.value()));
        return m;
    }

    /** Every final, keyed; fails if a key has more than one final. */
    Map<String, KpiValue> finalsByKey() {
        Map<String, KpiValue> m = new LinkedHashMap<>();
        for (TestRecord<String, KpiValue> r : finals.readRecordsToList()) {
            if (m.put(r.key(), r.value()) != null) {
                throw new AssertionError("two finals for " + r.key());
            }
        }
        return m;
    }

    /** Publishes a plan (YAML of SPEC §4, one plan) keyed scope|id|period, as {@code plans load} does. */
    TopologyFixture plan(String yaml) {
        for (io.pulse.core.plan.Plan p : new io.pulse.core.plan.PlanLoader(config.catalog()).load(yaml)) {
            planRaw(p.key(), io.pulse.streams.plan.PlanAvro.toAvro(p));
        }
        return this;
    }

    /** Publishes an Avro plan as is, without pulse-core's validation (to test the topology's own). */
    TopologyFixture planRaw(String key, io.pulse.avro.control.Plan plan) {
        byte[] value = plan == null
                ? null
                : avro.valueSerde(io.pulse.avro.control.Plan.class)
                        .serializer()
                        .serialize(topics.plans().name(), plan);
        plans.pipeInput(new TestRecord<>(key, value, clock));
        return this;
    }

    /** The keys written to a store's changelog since the last call (its records are read and gone). */
    List<String> readChangelogKeys(String store) {
        return driver
                .createOutputTopic(
                        applicationId + "-" + store + "-changelog",
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .readKeyValuesToList()
                .stream()
                .map(kv -> kv.key)
                .toList();
    }

    List<io.pulse.avro.outputs.Scorecard> readScorecards() {
        return scorecards.readValuesToList();
    }

    List<io.pulse.avro.outputs.Alert> readAlerts() {
        return alerts.readValuesToList();
    }

    List<RejectedRecord> readDlq() {
        return dlq.readValuesToList();
    }

    List<RejectedRecord> readLate() {
        return late.readValuesToList();
    }

    static String key(String kpi, String scope, String id, String period, String start) {
        return kpi + '|' + scope + '|' + id + '|' + period + '|' + start;
    }

    static BigDecimal value(
            Map<String, KpiValue> rows, String kpi, String scope, String id, String period, String start) {
        KpiValue v = rows.get(key(kpi, scope, id, period, start));
        if (v == null) {
            throw new AssertionError("no row " + key(kpi, scope, id, period, start) + " among " + rows.keySet());
        }
        return v.getValue();
    }

    @Override
    public void close() {
        driver.close();
    }
}
