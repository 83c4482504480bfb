package io.pulse.streams.processor;

import io.pulse.serde.SchemaRegistryUnavailableException;
import io.pulse.streams.event.EventMapper;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.InvalidEventException;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.event.SourceRef;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates raw input records. A valid event is forwarded keyed by its dedupe identity with its
 * record timestamp set to {@code occurredAt} (windows use event time, never arrival time); anything else is
 * forwarded as a rejection carrying the original bytes and a readable reason. Never throws for bad input.
 *
 * <p>A record whose schema id the registry does not answer for (down, not "no such schema") is not bad input: it
 * waits here, bounded (see {@link #maxWait}), and if the registry is still away the
 * {@link SchemaRegistryUnavailableException} goes up, the stream thread is replaced and the record read again from
 * the last commit: exactly-once holds, nothing goes to the DLQ for an outage.
 */
public final class DecodeProcessor implements Processor<byte[], byte[], String, Validated<PulseEvent>> {
    private final Map<String, EventType> typeByTopic;
    private final Map<EventType, Deserializer<? extends SpecificRecord>> deserializers;
    private final EventMapper mapper;
    private static final Logger LOGGER = LoggerFactory.getLogger(DecodeProcessor.class);
    private static final long FIRST_PAUSE_MS = 100;
    private static final long MAX_PAUSE_MS = 1000;
    /** Kafka Streams' own defaults, for when the application does not set them. */
    private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    private static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 10_000;

    private ProcessorContext<String, Validated<PulseEvent>> context;
    private Duration maxWait = Duration.ofSeconds(5);

    public DecodeProcessor(
            Map<String, EventType> typeByTopic,
            Map<EventType, Deserializer<? extends SpecificRecord>> deserializers,
            EventMapper mapper) {
        this.typeByTopic = typeByTopic;
        this.deserializers = deserializers;
        this.mapper = mapper;
    }

    @Override
    public void init(ProcessorContext<String, Validated<PulseEvent>> context) {
        this.context = context;
        this.maxWait = maxWait(context.appConfigs());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String topic = meta == null ? "" : meta.topic();
        EventType type = typeByTopic.get(topic);
        if (type == null) {
            reject(record, meta, "no event type is configured for topic '" + topic + "'", null, null);
            return;
        }
        if (record.value() == null) {
            reject(record, meta, "empty value (tombstone) on the " + type.id() + " topic", type, null);
            return;
        }
        SpecificRecord decoded;
        try {
            decoded = decode(type, topic, record.value());
        } catch (SchemaRegistryUnavailableException e) {
            // Not bad input: the record is read again by a new stream thread (PulseService replaces the thread),
            // never skipped and never sent to the DLQ.
            throw e;
        } catch (RuntimeException e) {
            reject(record, meta, "cannot decode " + type.id() + " event: " + describe(e), type, null);
            return;
        }
        PulseEvent event;
        try {
            SourceRef src =
                    meta == null ? SourceRef.UNKNOWN : new SourceRef(meta.topic(), meta.partition(), meta.offset());
            event = mapper.map(type, decoded, src);
        } catch (InvalidEventException e) {
            Object id = decoded == null
                    ? null
                    : decoded.get(decoded.getSchema().getField("eventId").pos());
            reject(
                    record,
                    meta,
                    "invalid " + type.id() + " event: " + e.getMessage(),
                    type,
                    id == null ? null : id.toString());
            return;
        }
        context.forward(
                new Record<>(event.dedupeKey(), new Validated.Valid<>(event), event.occurredAt(), record.headers()));
    }

    /**
     * Deserializes; while the schema registry does not answer for the record's schema id, waits with back-off, at
     * most {@link #maxWait}, so this thread polls again well within {@code max.poll.interval.ms} and its transaction
     * stays within {@code transaction.timeout.ms}. After that the unavailability is thrown on.
     */
    private SpecificRecord decode(EventType type, String topic, byte[] value) {
        Deserializer<? extends SpecificRecord> deserializer = deserializers.get(type);
        long deadline = 0;
        long pause = FIRST_PAUSE_MS;
        while (true) {
            try {
                return deserializer.deserialize(topic, value);
            } catch (SchemaRegistryUnavailableException e) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + maxWait.toNanos();
                    LOGGER.warn(
                            "Waiting for the schema registry to resolve schema id {} of a record on {}: {}",
                            e.schemaId(),
                            topic,
                            e.getMessage());
                }
                if (now - deadline >= 0) {
                    throw new SchemaRegistryUnavailableException(
                            e.schemaId(),
                            "waiting for the schema registry: schema id "
                                    + e.schemaId() + " of a record on " + topic + " cannot be resolved after " + maxWait
                                    + "; the record will be read again (" + e.getMessage() + ")",
                            e);
                }
                sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(deadline - now) + 1));
                pause = Math.min(MAX_PAUSE_MS, pause * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.streams.errors.StreamsException(
                    "interrupted while waiting for the schema registry", e);
        }
    }

    /**
     * Half the shorter of {@code max.poll.interval.ms} and, under exactly-once, {@code transaction.timeout.ms} (Kafka
     * Streams' defaults: 300 s and 10 s), as the application configures them.
     */
    static Duration maxWait(Map<String, Object> appConfigs) {
        long poll = AppConfigs.millis(
                appConfigs,
                DEFAULT_MAX_POLL_INTERVAL_MS,
                "main.consumer.max.poll.interval.ms",
                "consumer.max.poll.interval.ms",
                "max.poll.interval.ms");
        long bound = poll;
        Object guarantee = appConfigs.get("processing.guarantee");
        if (guarantee != null && guarantee.toString().startsWith("exactly_once")) {
            bound = Math.min(
                    bound,
                    AppConfigs.millis(
                            appConfigs,
                            DEFAULT_TRANSACTION_TIMEOUT_MS,
                            "producer.transaction.timeout.ms",
                            "transaction.timeout.ms"));
        }
        return Duration.ofMillis(Math.max(FIRST_PAUSE_MS, bound / 2));
    }

    private void reject(
            Record<byte[], byte[]> record, RecordMetadata meta, String reason, EventType type, String eventId) {
        context.forward(new Record<>(
                (String) null,
                Rejections.rejected(meta, record, reason, type == null ? null : type.id(), eventId),
                record.timestamp(),
                record.headers()));
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable c = e.getCause();
        while (c != null && c != e) {
            sb.append(": ").append(c.getMessage());
            e = c;
            c = c.getCause();
        }
        return sb.toString();
    }
}
