package io.pulse.io.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.pulse.streams.AvroSerdeFactory;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The names of Pulse's topics under one prefix ({@value #DEFAULT_PREFIX} by default), so that
 * several Pulse installations can share a cluster.
 *
 * <p>Input topics are {@code <prefix>events.<type>}, one per event type of SPEC §2 (the type is
 * the {@code type} field of the JSON-lines form); control topics are {@code <prefix>plans},
 * {@code <prefix>directory} and {@code <prefix>events.by-id}; outputs are {@code <prefix>kpi.values},
 * {@code <prefix>kpi.final}, {@code <prefix>scorecards}, {@code <prefix>alerts}, {@code <prefix>dlq}
 * and {@code <prefix>late}. The names come from pulse-streams' {@link Topics} registry, the one
 * source of truth, so {@code topics create} makes exactly the topics the topology reads and writes.
 *
 * @param prefix prepended to every name; may be empty; only characters legal in topic names
 */
public record TopicNames(String prefix) {
    public static final String DEFAULT_PREFIX = "pulse.";

    /** The event types of SPEC §2, in its order; each has its own input topic. */
    public static final List<String> EVENT_TYPES = Arrays.stream(EventType.values()).map(EventType::id).toList();

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");
    /** Kafka's limit on topic name length. */
    private static final int MAX_NAME_LENGTH = 249;
    /** The longest suffix we append ({@code events.impression}). */
    private static final int LONGEST_SUFFIX = "events.impression".length();

    /** {@link Topics} wants serdes to build its specs; names never use them. */
    private static final AvroSerdeFactory NAMES_ONLY = new AvroSerdeFactory() {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
            return (Serde<T>) (Serde<?>) Serdes.ByteArray();
        }
    };

    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' may contain only letters, digits, '.', '_' and '-'");
        }
        if (prefix.length() + LONGEST_SUFFIX > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("topic prefix is too long: topic names are limited to "
                    + MAX_NAME_LENGTH + " characters");
        }
    }

    /** The names under {@value #DEFAULT_PREFIX}. */
    public static TopicNames defaults() {
        return new TopicNames(DEFAULT_PREFIX);
    }

    /** The input topic of one event type, e.g. {@code pulse.events.click}. */
    public String events(String eventType) {
        return events(EventType.parse(eventType));
    }

    /** The input topic of one event type, e.g. {@code pulse.events.click}. */
    public String events(EventType type) {
        return Topics.eventTopic(prefix, type);
    }

    private Topics topics() {
        return new Topics(prefix, NAMES_ONLY);
    }

    /** Every input topic, in the order of {@link #EVENT_TYPES}. */
    public List<String> eventTopics() {
        return EVENT_TYPES.stream().map(this::events).toList();
    }

    /** Plans (SPEC §4), compacted, keyed by plan. */
    public String plans() {
        return topics().plans().name();
    }

    /** Employee to team assignments (SPEC §4), compacted, keyed by employee. */
    public String directory() {
        return topics().directory().name();
    }

    /** The directory entries that passed validation, compacted; the topology's global table of teams reads it. */
    public String directoryValid() {
        return topics().directoryValid().name();
    }

    /**
     * Events on their way to their home partition and the reading tasks' progress (SPEC §9); read beside the
     * event topics, so it has their partition count.
     */
    public String eventsById() {
        return topics().eventsById().name();
    }

    public String kpiValues() {
        return topics().kpiValues().name();
    }

    public String kpiFinal() {
        return topics().kpiFinal().name();
    }

    public String scorecards() {
        return topics().scorecards().name();
    }

    public String alerts() {
        return topics().alerts().name();
    }

    /** Records that could not be processed, with the reason. */
    public String dlq() {
        return topics().dlq().name();
    }

    /** Events that arrived after their window's grace period. */
    public String late() {
        return topics().late().name();
    }

    public List<String> controlTopics() {
        return List.of(plans(), directory(), directoryValid(), eventsById());
    }

    public List<String> outputTopics() {
        return List.of(kpiValues(), kpiFinal(), scorecards(), alerts(), dlq(), late());
    }

    /** Every topic Pulse reads or writes: inputs, control, outputs. */
    public List<String> all() {
        List<String> all = new ArrayList<>(eventTopics());
        all.addAll(controlTopics());
        all.addAll(outputTopics());
        return List.copyOf(all);
    }
}
