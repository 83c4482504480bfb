package io.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@WithKafkaCluster
class KafkaClusterSmokeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void shouldDeliverWhatWasProducedThroughTheSharedCluster(KafkaCluster kafka) throws Exception {
        // Given
        String topic = kafka.uniqueName("smoke");
        kafka.createTopic(topic, 2);

        // When
        Map<String, Object> producerConfig = new HashMap<>(kafka.clientProperties());
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }

        // Then
        Map<String, Object> consumerConfig = new HashMap<>(kafka.clientProperties());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("smoke-reader"));
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await("three records on " + topic).atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                return values.size() >= 3;
            });
        }
        assertThat(values).containsExactlyInAnyOrder("v1", "v2", "v3");
    }

    @Test
    void shouldHandOutTheSameClusterToEveryTest(KafkaCluster first, KafkaCluster second) {
        assertThat(first).isSameAs(second);
        assertThat(first.bootstrapServers()).isNotBlank();
    }
}
