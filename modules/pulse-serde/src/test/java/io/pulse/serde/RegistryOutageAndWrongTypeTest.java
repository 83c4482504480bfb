package io.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.avro.events.SessionEvent;
import io.pulse.avro.events.SpendEvent;
import io.pulse.serde.registry.InMemorySchemaRegistry;
import io.pulse.serde.registry.RegistryClientConfig;
import io.pulse.serde.registry.RestSchemaRegistryClient;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the decode step relies on to tell bad input from a registry that is away: an unknown id is bad input, an
 * unanswered lookup is {@link SchemaRegistryUnavailableException}, and a record written as another type is rejected
 * even where Avro's resolution would accept it.
 */
class RegistryOutageAndWrongTypeTest {
    private static final String SCOPE = "registry-outage-test";
    private static final String TOPIC = "pulse.events.session";

    @AfterEach
    void resetRegistry() {
        InMemorySchemaRegistry.reset(SCOPE);
    }

    @Test
    void shouldRejectARecordWrittenAsAnotherTypeThoughItsFieldsWouldResolve() {
        // Given a spend event on the session topic: every session field has a default, so Avro alone would accept it
        AvroSerdeConfig config =
                AvroSerdeConfig.builder().registryUrls("mem://" + SCOPE).build();
        SpendEvent spend = SpendEvent.newBuilder()
                .setEventId("s-1")
                .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z"))
                .setCampaignId("c-1")
                .setAmount(new BigDecimal("5.0000"))
                .build();
        byte[] bytes = new AvroSerializer<SpendEvent>(config, false).serialize(TOPIC, spend);

        // When / Then
        assertThatThrownBy(() -> AvroSerde.specific(SessionEvent.class, config, false)
                        .deserializer()
                        .deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("io.pulse.avro.events.SpendEvent")
                .hasMessageContaining("not as a io.pulse.avro.events.SessionEvent");
    }

    @Test
    void shouldTellAnUnreachableRegistryFromAnUnknownId() throws Exception {
        // Given a registry URL nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RegistryClientConfig registry = RegistryClientConfig.builder()
                .urls("http://127.0.0.1:" + port)
                .connectTimeout(Duration.ofMillis(500))
                .retries(1)
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(10))
                .build();
        AvroSerdeConfig config = AvroSerdeConfig.builder()
                .registryUrls("http://127.0.0.1:" + port)
                .build();
        byte[] bytes = {0, 0, 0, 0, 7, 2, 'x'};
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry)) {
            assertThat(client.outage()).isEmpty();

            // When / Then: not bad input, and the client says since when the registry is away
            assertThatThrownBy(() -> AvroSerde.specific(SessionEvent.class, client, config, false)
                            .deserializer()
                            .deserialize(TOPIC, bytes))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("schema id 7");
            assertThat(client.outage()).hasValueSatisfying(o -> assertThat(o).startsWith("unreachable since "));
        }

        // And an id the reachable registry does not know is bad input
        AvroSerdeConfig mem =
                AvroSerdeConfig.builder().registryUrls("mem://" + SCOPE).build();
        assertThatThrownBy(() -> AvroSerde.specific(SessionEvent.class, mem, false)
                        .deserializer()
                        .deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("Unknown schema id 7");
    }
}
