package io.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared cluster runs what Pulse runs: an exactly_once_v2 Kafka Streams application. */
@WithKafkaCluster
class ExactlyOnceStreamsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    @Test
    void shouldRunAnExactlyOnceV2StreamsApplication(KafkaCluster kafka) {
        // Given
        String input = kafka.uniqueName("eos-in");
        String output = kafka.uniqueName("eos-out");
        kafka.createTopic(input, 2);
        kafka.createTopic(output, 2);

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()).withName("eos-source"))
                .mapValues(v -> v.toUpperCase(Locale.ROOT), Named.as("eos-upper"))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("eos-sink"));
        Properties config = new Properties();
        config.putAll(kafka.clientProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.uniqueName("eos-app"));
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.start();
            await("streams application RUNNING").atMost(PATIENCE)
                    .until(() -> streams.state() == KafkaStreams.State.RUNNING);

            // When
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(input, "a", "click"));
                producer.send(new ProducerRecord<>(input, "b", "order"));
            }

            // Then: the results are visible to read_committed readers, so the transactions committed
            assertThat(readCommitted(kafka, output, 2)).containsExactlyInAnyOrder("CLICK", "ORDER");
        }
    }

    private static List<String> readCommitted(KafkaCluster kafka, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("eos-reader"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await(expected + " committed results on " + topic).atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                return values.size() >= expected;
            });
        }
        return values;
    }
}
