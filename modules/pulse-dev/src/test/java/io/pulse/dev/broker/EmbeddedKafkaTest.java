package io.pulse.dev.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path tempDir;

    @Test
    void shouldDeliverOnlyCommittedTransactionsToReadCommittedConsumers() throws Exception {
        // Given
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            kafka.createTopic("clicks", 3);

            // When: one transaction commits and one aborts
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "tx-commit-abort")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("clicks", "a", "committed-1"));
                producer.send(new ProducerRecord<>("clicks", "b", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("clicks", "c", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }

            // Then
            assertThat(readValues(kafka, "clicks", 2)).containsExactlyInAnyOrder("committed-1", "committed-2");
        }
    }

    @Test
    void shouldKeepDataAndClusterIdWhenRestartedOnAKeptFolder() throws Exception {
        // Given a broker on a kept folder that received a committed transaction
        Path folder = tempDir.resolve("kafka");
        String clusterId;
        try (EmbeddedKafka first =
                EmbeddedKafka.builder().dataDirectory(folder).build().start()) {
            clusterId = first.clusterId();
            first.createTopic("orders", 2);
            try (KafkaProducer<String, String> producer = transactionalProducer(first, "tx-restart")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("orders", "o-1", "before-restart"));
                producer.commitTransaction();
            }
        }
        assertThat(folder.resolve(EmbeddedKafka.LOG_DIR_NAME).resolve(EmbeddedKafka.META_PROPERTIES))
                .exists();

        // When it starts again on the same folder
        try (EmbeddedKafka second =
                EmbeddedKafka.builder().dataDirectory(folder).build().start()) {
            // Then the storage is reused and the data reads back
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(readValues(second, "orders", 1)).containsExactly("before-restart");
            second.createTopic("orders", 2);
        }
        assertThat(folder).exists();
    }

    @Test
    void shouldDeleteItsTemporaryFolderOnClose() {
        // Given
        EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
        Path data = kafka.dataDirectory();
        assertThat(data).isDirectory();

        // When
        kafka.close();

        // Then
        assertThat(Files.exists(data)).as("temporary data folder removed").isFalse();
        assertThat(kafka.isRunning()).isFalse();
        assertThatThrownBy(kafka::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldLeaveAnExistingTopicAsItIs() throws Exception {
        // Given
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                        .brokerProperty("log.retention.hours", 1)
                        .build()
                        .start();
                Admin admin = kafka.admin()) {
            kafka.createTopic("plans", 2);

            // When created again with another partition count
            kafka.createTopic("plans", 5);

            // Then
            TopicDescription description =
                    admin.describeTopics(List.of("plans")).allTopicNames().get().get("plans");
            assertThat(description.partitions()).hasSize(2);
        }
    }

    @Test
    void shouldRefuseToOverrideTheListenersItManages() {
        assertThatThrownBy(() -> EmbeddedKafka.builder().brokerProperty("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka kafka, String transactionalId) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readValues(EmbeddedKafka kafka, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await("all committed records of " + topic + " read")
                    .atMost(PATIENCE)
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                            values.add(record.value());
                        }
                        return values.size() >= expected && readToTheEnd(consumer);
                    });
        }
        return values;
    }

    /** With read_committed, the end offsets are the last stable offsets: nothing committed is left. */
    private static boolean readToTheEnd(KafkaConsumer<String, String> consumer) {
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assignment);
        return assignment.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
    }
}
