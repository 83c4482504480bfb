package io.pulse.streams;

import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.streams.event.EventType;
import io.pulse.streams.plan.DirectoryAvro;
import io.pulse.streams.state.InternalSerdes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed registry of every topic Pulse reads or writes (SPEC §2, §6). Input events are read as raw bytes
 * and decoded by the topology itself, so a record that does not decode reaches the dead-letter topic with
 * its original bytes instead of stopping the stream.
 */
public final class Topics {
    private final String prefix;
    private final Map<EventType, TopicSpec<byte[], byte[]>> events = new EnumMap<>(EventType.class);
    private final TopicSpec<byte[], byte[]> plans;
    private final TopicSpec<byte[], byte[]> directory;
    private final TopicSpec<String, DirectoryEntry> directoryValid;
    private final TopicSpec<byte[], byte[]> eventsById;
    private final TopicSpec<String, KpiValue> kpiValues;
    private final TopicSpec<String, KpiValue> kpiFinal;
    private final TopicSpec<String, Scorecard> scorecards;
    private final TopicSpec<String, Alert> alerts;
    private final TopicSpec<byte[], RejectedRecord> dlq;
    private final TopicSpec<String, RejectedRecord> late;

    public Topics(String prefix, AvroSerdeFactory avro) {
        this.prefix = prefix;
        for (EventType t : EventType.values()) {
            events.put(t, raw(eventTopic(prefix, t)));
        }
        plans = raw(prefix + "plans");
        directory = raw(prefix + "directory");
        // Entries written before the validated directory held core entries are the directory topic's Avro records.
        var wireFormat = DirectoryAvro.deserializer(avro);
        directoryValid = new TopicSpec<>(
                prefix + "directory.valid",
                Serdes.String(),
                InternalSerdes.directory(bytes -> wireFormat.deserialize(directory.name(), bytes)));
        eventsById = raw(prefix + "events.by-id");
        kpiValues = new TopicSpec<>(prefix + "kpi.values", Serdes.String(), avro.valueSerde(KpiValue.class));
        kpiFinal = new TopicSpec<>(prefix + "kpi.final", Serdes.String(), avro.valueSerde(KpiValue.class));
        scorecards = new TopicSpec<>(prefix + "scorecards", Serdes.String(), avro.valueSerde(Scorecard.class));
        alerts = new TopicSpec<>(prefix + "alerts", Serdes.String(), avro.valueSerde(Alert.class));
        dlq = new TopicSpec<>(prefix + "dlq", Serdes.ByteArray(), avro.valueSerde(RejectedRecord.class));
        late = new TopicSpec<>(prefix + "late", Serdes.String(), avro.valueSerde(RejectedRecord.class));
    }

    public static String eventTopic(String prefix, EventType type) {
        return prefix + "events." + type.id();
    }

    private static TopicSpec<byte[], byte[]> raw(String name) {
        return new TopicSpec<>(name, Serdes.ByteArray(), Serdes.ByteArray());
    }

    public String prefix() {
        return prefix;
    }

    public TopicSpec<byte[], byte[]> event(EventType type) {
        return events.get(type);
    }

    public List<String> eventTopicNames() {
        List<String> names = new ArrayList<>();
        events.values().forEach(s -> names.add(s.name()));
        return names;
    }

    public TopicSpec<byte[], byte[]> plans() {
        return plans;
    }

    public TopicSpec<byte[], byte[]> directory() {
        return directory;
    }

    /**
     * The directory entries that passed validation, compacted, keyed by employee: the global table of teams
     * reads this, so an invalid entry on {@link #directory()} never replaces the last valid one.
     */
    public TopicSpec<String, DirectoryEntry> directoryValid() {
        return directoryValid;
    }

    /**
     * The by-eventId topic: the reading tasks send an event read outside its home partition there, and their
     * progress to every partition of it. It is read in the same sub-topology as the event topics, so it must
     * have as many partitions as they have (checked at start-up, {@link CoPartitioning}).
     */
    public TopicSpec<byte[], byte[]> eventsById() {
        return eventsById;
    }

    public TopicSpec<String, KpiValue> kpiValues() {
        return kpiValues;
    }

    public TopicSpec<String, KpiValue> kpiFinal() {
        return kpiFinal;
    }

    public TopicSpec<String, Scorecard> scorecards() {
        return scorecards;
    }

    public TopicSpec<String, Alert> alerts() {
        return alerts;
    }

    public TopicSpec<byte[], RejectedRecord> dlq() {
        return dlq;
    }

    public TopicSpec<String, RejectedRecord> late() {
        return late;
    }

    /** Every topic the topology reads from, inputs and control. */
    public List<String> inputTopicNames() {
        List<String> names = eventTopicNames();
        names.add(plans.name());
        names.add(directory.name());
        names.add(eventsById.name());
        return names;
    }

    /** Every topic the topology writes to, but the by-eventId topic, which it also reads ({@link #inputTopicNames()}). */
    public List<String> outputTopicNames() {
        return List.of(
                kpiValues.name(),
                kpiFinal.name(),
                scorecards.name(),
                alerts.name(),
                dlq.name(),
                late.name(),
                directoryValid.name());
    }
}
