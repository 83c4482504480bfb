package io.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.avro.events.OrderEvent;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void shouldReadEveryKey() {
        // Given properties as an operator writes them
        Map<String, Object> props = Map.ofEntries(
                Map.entry("schema.registry.url", "https://r1:8081, https://r2:8081"),
                Map.entry("auto.register.schemas", "false"),
                Map.entry("subject.name.strategy", "record"),
                Map.entry("key.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicNameStrategy"),
                Map.entry("basic.auth.user.info", "pulse:secret"),
                Map.entry("schema.registry.ssl.truststore.location", "/etc/pulse/registry-trust.p12"),
                Map.entry("schema.registry.ssl.truststore.password", "changeit"),
                Map.entry("schema.registry.ssl.truststore.type", "JKS"),
                Map.entry("specific.avro.reader", "true"),
                Map.entry("specific.avro.value.type", OrderEvent.class.getName()),
                Map.entry("schema.registry.retries", "5"),
                Map.entry("schema.registry.retry.backoff.ms", "50"),
                Map.entry("schema.registry.request.timeout.ms", "3000"),
                Map.entry("bootstrap.servers", "ignored:9092"));

        // When
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(props);

        // Then
        assertThat(config.registry().urls()).containsExactly("https://r1:8081", "https://r2:8081");
        assertThat(config.autoRegister()).isFalse();
        assertThat(config.subjectNameStrategy(false)).isEqualTo(SubjectNameStrategy.RECORD);
        assertThat(config.subjectNameStrategy(true)).isEqualTo(SubjectNameStrategy.TOPIC);
        assertThat(config.registry().basicAuthUserInfo()).isEqualTo("pulse:secret");
        assertThat(config.registry().trustStoreType()).isEqualTo("JKS");
        assertThat(config.specificType(false)).isEqualTo(OrderEvent.class);
        assertThat(config.specificType(true)).isNull();
        assertThat(config.registry().retries()).isEqualTo(5);
        assertThat(config.registry().retryBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.registry().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.toString()).doesNotContain("secret").doesNotContain("changeit");

        // And it survives the way back to properties
        assertThat(AvroSerdeConfig.fromMap(config.toMap())).isEqualTo(config);
    }

    @Test
    void shouldDefaultToDevelopmentFriendlySettings() {
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(Map.of("schema.registry.url", "mem://x"));

        assertThat(config.autoRegister()).isTrue();
        assertThat(config.subjectNameStrategy(false)).isEqualTo(SubjectNameStrategy.TOPIC);
        assertThat(config.registry().inMemory()).isTrue();
        assertThat(config)
                .isEqualTo(AvroSerdeConfig.builder().registryUrls("mem://x").build());
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> AvroSerdeConfig.fromMap(
                        Map.of("schema.registry.url", "mem://x", "subject.name.strategy", "by-colour")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("subject.name.strategy")
                .hasMessageContaining("by-colour");
        assertThatThrownBy(() -> AvroSerdeConfig.fromMap(
                        Map.of("schema.registry.url", "mem://x", "auto.register.schemas", "perhaps")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
        assertThatThrownBy(() -> AvroSerdeConfig.fromMap(Map.of("schema.registry.url", "registry:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> AvroSerdeConfig.fromMap(Map.of(
                        "schema.registry.url",
                        "http://r:8081",
                        "basic.auth.user.info",
                        "a:b",
                        "bearer.auth.token",
                        "t")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> AvroSerdeConfig.fromMap(Map.of(
                        "schema.registry.url", "http://r:8081", "specific.avro.value.type", "io.pulse.NoSuchClass")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("specific.avro.value.type");
    }
}
