package io.pulse.dev.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.serde.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the development registry's changes in a compacted Kafka topic, {@value #DEFAULT_TOPIC} by
 * default, like real registries do, so schema ids survive restarts on a kept data folder.
 *
 * <p>One partition; keys and values are small JSON objects. A schema version is keyed by subject
 * and version, a compatibility level by subject, so compaction keeps exactly the live state. On
 * {@link #load()} the store reads the topic from the beginning to its end offset; {@link #append}
 * waits for the broker's acknowledgement. One registry writes at a time: this is a development
 * tool, not a replicated registry.
 */
public final class KafkaSchemaStore implements SchemaStore {

    public static final String DEFAULT_TOPIC = "_pulse_schemas";

    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Map<String, Object> clientProperties;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * Creates the topic if it is missing.
     *
     * @param clientProperties at least {@code bootstrap.servers}; security settings as needed
     */
    public KafkaSchemaStore(Map<String, Object> clientProperties, String topic) {
        this.topic = topic;
        this.clientProperties = Map.copyOf(clientProperties);
        createTopicIfMissing();
        Map<String, Object> producerProps = new HashMap<>(this.clientProperties);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-dev-registry-store");
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public KafkaSchemaStore(Map<String, Object> clientProperties) {
        this(clientProperties, DEFAULT_TOPIC);
    }

    private void createTopicIfMissing() {
        try (Admin admin = Admin.create(clientProperties)) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LOGGER.info("Created compacted schema topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create the schema topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the schema topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka within " + TIMEOUT + " creating " + topic, e);
        }
    }

    @Override
    public List<StoreRecord> load() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-dev-registry-loader");
        // Latest record per key wins, as compaction will eventually make it anyway.
        Map<String, StoreRecord> byKey = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + topic + " to offset " + end + " within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        byKey.remove(key);
                    } else {
                        byKey.remove(key); // re-insert to keep write order
                        byKey.put(key, decode(record.value()));
                    }
                }
            }
        }
        List<StoreRecord> records = new ArrayList<>(byKey.values());
        LOGGER.info("Read {} schema registry records from {}", records.size(), topic);
        return records;
    }

    @Override
    public void append(StoreRecord record) {
        byte[] key = key(record).getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, encode(record)))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "no acknowledgement from Kafka within " + TIMEOUT + " writing to " + topic, e);
        }
    }

    @Override
    public String describe() {
        return "Kafka topic " + topic + " at " + clientProperties.get("bootstrap.servers");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    static String key(StoreRecord record) {
        ObjectNode key = JSON.createObjectNode();
        if (record instanceof StoreRecord.SchemaVersion v) {
            key.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version());
        } else if (record instanceof StoreRecord.Compatibility c) {
            key.put("keytype", "CONFIG").put("subject", c.subject());
        }
        return key.toString();
    }

    static byte[] encode(StoreRecord record) {
        ObjectNode value = JSON.createObjectNode();
        if (record instanceof StoreRecord.SchemaVersion v) {
            value.put("subject", v.subject())
                    .put("version", v.version())
                    .put("id", v.id())
                    .put("schema", v.schema());
        } else if (record instanceof StoreRecord.Compatibility c) {
            value.put("subject", c.subject())
                    .put("compatibilityLevel", c.level().name());
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    static StoreRecord decode(byte[] bytes) {
        try {
            JsonNode value = JSON.readTree(bytes);
            if (value.has("compatibilityLevel")) {
                String subject = value.path("subject").isNull()
                        ? null
                        : value.path("subject").asText(null);
                return new StoreRecord.Compatibility(
                        subject,
                        CompatibilityLevel.parse(value.get("compatibilityLevel").asText()));
            }
            return new StoreRecord.SchemaVersion(
                    value.get("subject").asText(),
                    value.get("version").asInt(),
                    value.get("id").asInt(),
                    value.get("schema").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable record in the schema topic", e);
        }
    }
}
