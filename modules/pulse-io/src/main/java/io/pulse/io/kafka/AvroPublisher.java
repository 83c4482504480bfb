package io.pulse.io.kafka;

import io.pulse.io.events.InputEvent;
import io.pulse.streams.AvroSerdeFactory;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends Avro records in the Confluent wire format (schemas registered under {@code <topic>-value}) with string
 * keys, through an idempotent producer: input events to {@code <prefix>events.<type>} keyed by eventId, plans and
 * directory entries to their compacted topics, tombstones too. Used by {@code produce}, {@code plans load},
 * {@code directory load}, {@code simulate}, {@code demo}, {@code replay} and the benchmarks.
 *
 * <pre>{@code
 * try (AvroPublisher publisher = AvroPublisher.create(config.kafkaClients(), config.serdeConfig())) {
 *     publisher.send(config.streams().topicPrefix(), event, (metadata, error) -> { ... });
 * }
 * }</pre>
 */
public final class AvroPublisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final AvroSerdeFactory serdes;
    private final AutoCloseable registry;
    private final Map<Class<?>, Serializer<SpecificRecord>> serializers = new ConcurrentHashMap<>();

    /**
     * Publishes with {@code producer} (the caller configures idempotence) and serdes from {@code serdes}; closing
     * this closes the producer and {@code registry} (may be null).
     */
    public AvroPublisher(Producer<String, byte[]> producer, AvroSerdeFactory serdes, AutoCloseable registry) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.serdes = Objects.requireNonNull(serdes, "serdes");
        this.registry = registry;
    }

    /**
     * An idempotent producer ({@link KafkaClientSettings#producerProperties()}) and a schema-registry client as
     * {@code serdeConfig} says ({@code schema.registry.url} and the rest); closing the publisher closes both.
     */
    public static AvroPublisher create(KafkaClientSettings clients, Map<String, ?> serdeConfig) {
        RegistryAvroSerdes serdes = new RegistryAvroSerdes(serdeConfig);
        return new AvroPublisher(producer(clients), serdes, serdes.client());
    }

    /** An idempotent producer with serdes the caller owns (an in-memory registry shared with a topology, say). */
    public static AvroPublisher create(KafkaClientSettings clients, AvroSerdeFactory serdes) {
        return new AvroPublisher(producer(clients), serdes, null);
    }

    private static KafkaProducer<String, byte[]> producer(KafkaClientSettings clients) {
        return new KafkaProducer<>(clients.producerProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    /** An input event to its topic under {@code topicPrefix}, keyed by its eventId. */
    public Future<RecordMetadata> send(String topicPrefix, InputEvent event, Callback callback) {
        return send(Topics.eventTopic(topicPrefix, event.type()), event.eventId(), event.value(), callback);
    }

    /** A record (or, when {@code value} is null, a tombstone) to {@code topic} under {@code key}. */
    public Future<RecordMetadata> send(String topic, String key, SpecificRecord value, Callback callback) {
        return send(topic, key, value, null, callback);
    }

    /**
     * The same with the record's timestamp (epoch milliseconds; null: the producer's clock), as replays and
     * benchmarks stamp records with their event time.
     */
    public Future<RecordMetadata> send(
            String topic, String key, SpecificRecord value, Long timestamp, Callback callback) {
        return producer.send(record(topic, key, value, timestamp), callback);
    }

    /**
     * The record the method above sends, serialized on the calling thread: thread-safe, so that several threads can
     * encode while one sends their records in the order it chooses ({@link #send(ProducerRecord, Callback)}).
     */
    public ProducerRecord<String, byte[]> record(String topic, String key, SpecificRecord value, Long timestamp) {
        byte[] bytes = value == null ? null : serializer(value.getClass()).serialize(topic, value);
        return new ProducerRecord<>(topic, null, timestamp, key, bytes);
    }

    /** A record already in bytes, such as a marker that is all headers, through the same producer. */
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        return producer.send(record, callback);
    }

    /** Waits until everything sent so far is acknowledged (or failed, which its callback says). */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        if (registry != null) {
            try {
                registry.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the schema registry client: " + e.getMessage(), e);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Serializer<SpecificRecord> serializer(Class<?> type) {
        return serializers.computeIfAbsent(type, t ->
                (Serializer<SpecificRecord>) serdes.valueSerde((Class) t).serializer());
    }
}
