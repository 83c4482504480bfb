package io.pulse.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {
    private static final KafkaClientSettings SECURED = new KafkaClientSettings(Map.of(
            "bootstrap.servers", "broker-1:9094",
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "ScramLoginModule required username=\"pulse\" password=\"hunter2\";",
            "producer.linger.ms", "20",
            "processing.guarantee", "exactly_once_v2"));

    @Test
    void shouldGiveEveryClientTheConnectionAndOnlyThePropertiesItUnderstands() {
        assertThat(SECURED.producerProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsKey("sasl.jaas.config")
                .doesNotContainKeys("producer.linger.ms", "processing.guarantee");
        assertThat(SECURED.consumerProperties())
                .containsEntry("bootstrap.servers", "broker-1:9094")
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("producer.linger.ms");
        assertThat(SECURED.adminProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("processing.guarantee");
    }

    @Test
    void shouldMakeProducersIdempotentButLeaveTheirTuningToTheSettings() {
        // Given: a tool that batches more than the default
        KafkaClientSettings tuned = KafkaClientSettings.of(Map.of("bootstrap.servers", "localhost:9092"))
                .with("linger.ms", 20)
                .with("acks", "1");

        // Then: acks and idempotence are not the tool's to weaken; linger and compression are
        assertThat(tuned.producerProperties())
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("linger.ms", "20")
                .containsEntry("compression.type", "lz4");
        assertThat(SECURED.producerProperties()).containsEntry("linger.ms", 5);
    }

    @Test
    void shouldNeverPrintAValue() {
        assertThat(SECURED.toString())
                .contains("broker-1:9094", "sasl.jaas.config")
                .doesNotContain("hunter2");
    }

    @Test
    void shouldRequireBootstrapServers() {
        assertThatThrownBy(() -> new KafkaClientSettings(Map.of("security.protocol", "SSL")))
                .hasMessageContaining("bootstrap.servers");
    }
}
