package io.pulse.dev.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.avro.events.OrderEvent;
import io.pulse.serde.AvroSerde;
import io.pulse.serde.AvroSerdeConfig;
import io.pulse.serde.registry.CompatibilityLevel;
import io.pulse.serde.registry.RegisteredSchema;
import io.pulse.serde.registry.RegistryClientConfig;
import io.pulse.serde.registry.RegistryException;
import io.pulse.serde.registry.RestSchemaRegistryClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client and the serde over real HTTP against the development registry. */
class DevSchemaRegistryServerTest {

    private static final Schema V1 = SchemaBuilder.record("Lead")
            .namespace("io.pulse.test")
            .fields()
            .requiredString("eventId")
            .endRecord();
    private static final Schema V2 = SchemaBuilder.record("Lead")
            .namespace("io.pulse.test")
            .fields()
            .requiredString("eventId")
            .optionalString("channel")
            .endRecord();
    private static final Schema BREAKING = SchemaBuilder.record("Lead")
            .namespace("io.pulse.test")
            .fields()
            .requiredString("eventId")
            .requiredInt("score")
            .endRecord();

    private final InMemorySchemaStore store = new InMemorySchemaStore();
    private DevSchemaRegistryServer server;
    private RestSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = DevSchemaRegistryServer.start(store);
        client = new RestSchemaRegistryClient(
                RegistryClientConfig.builder().urls(server.url()).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldRegisterLookUpAndFetchLikeARealRegistry() {
        // When
        int v1 = client.register("leads-value", V1);
        int v2 = client.register("leads-value", V2);
        int sameElsewhere = client.register("archive-value", V1);

        // Then
        assertThat(v1).isEqualTo(1);
        assertThat(v2).isEqualTo(2);
        assertThat(sameElsewhere).isEqualTo(v1);
        RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(
                RegistryClientConfig.builder().urls(server.url()).build());
        assertThat(fresh.getSchemaById(2)).isEqualTo(V2);
        assertThat(fresh.getId("leads-value", V1)).isEqualTo(1);
        assertThat(fresh.getLatestVersion("leads-value")).isEqualTo(new RegisteredSchema("leads-value", 2, 2, V2));
    }

    @Test
    void shouldAnswerWithConfluentErrorCodes() {
        client.register("leads-value", V1);

        assertThatThrownBy(() -> client.register("leads-value", BREAKING))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.INCOMPATIBLE);
                    assertThat(e.registryMessage()).contains("leads-value").contains("score");
                });
        assertThatThrownBy(() -> client.getSchemaById(99)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(40403);
        });
        assertThatThrownBy(() -> client.getLatestVersion("nope-value"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
        assertThatThrownBy(() -> client.getId("leads-value", V2))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void shouldCheckCompatibilityAndKeepLevels() {
        client.register("leads-value", V1);

        assertThat(client.testCompatibility("leads-value", V2).compatible()).isTrue();
        assertThat(client.testCompatibility("leads-value", BREAKING).compatible())
                .isFalse();
        assertThat(client.testCompatibility("leads-value", BREAKING).messages())
                .anySatisfy(m -> assertThat(m).contains("score"));
        assertThat(client.getCompatibility("leads-value")).isEqualTo(CompatibilityLevel.BACKWARD);

        client.setCompatibility("leads-value", CompatibilityLevel.NONE);
        client.setGlobalCompatibility(CompatibilityLevel.FULL);

        assertThat(client.getCompatibility("leads-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.getCompatibility("other-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.register("leads-value", BREAKING)).isEqualTo(2);
    }

    @Test
    void shouldAnswerSubjectConfigWithoutDefaultToGlobalAs40408() throws Exception {
        // Clients such as @kafkajs/confluent-schema-registry rely on this to detect a new subject.
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/config/leads-value"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"error_code\":40408");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void shouldKeepIdsWhenRestartedOnTheSameStore() throws IOException {
        // Given two schemas registered, and the registry restarted on its store
        client.register("leads-value", V1);
        client.register("leads-value", V2);
        client.setCompatibility("leads-value", CompatibilityLevel.FORWARD);
        server.close();
        server = DevSchemaRegistryServer.start(store);
        RestSchemaRegistryClient afterRestart = new RestSchemaRegistryClient(
                RegistryClientConfig.builder().urls(server.url()).build());

        // Then old ids still mean the same schemas, levels are kept, and new ids do not collide
        assertThat(afterRestart.getSchemaById(1)).isEqualTo(V1);
        assertThat(afterRestart.getSchemaById(2)).isEqualTo(V2);
        assertThat(afterRestart.getCompatibility("leads-value")).isEqualTo(CompatibilityLevel.FORWARD);
        Schema other = SchemaBuilder.record("Other").fields().requiredLong("n").endRecord();
        assertThat(afterRestart.register("other-value", other)).isEqualTo(3);
    }

    @Test
    void shouldCarryRecordsThroughTheSerdeAndEvolveOverHttp() {
        // Given a producer and a consumer configured as a service would be
        AvroSerdeConfig config =
                AvroSerdeConfig.fromMap(java.util.Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()));
        OrderEvent order = OrderEvent.newBuilder()
                .setEventId("o-1")
                .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z"))
                .setCustomerId("c-1")
                .setRevenue(new BigDecimal("250.5000"))
                .build();
        try (AvroSerde<OrderEvent> serde = AvroSerde.specific(OrderEvent.class, config, false)) {
            byte[] v1Bytes = serde.serializer().serialize("orders", order);

            // When a v2 producer adds an optional field
            Schema v2 = new Schema.Parser()
                    .parse(OrderEvent.getClassSchema()
                            .toString()
                            .replaceFirst(
                                    "\\]\\}$",
                                    ",{\"name\":\"couponCode\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
            GenericRecord v2Order = new GenericData.Record(v2);
            OrderEvent.getClassSchema().getFields().forEach(f -> v2Order.put(f.name(), order.get(f.name())));
            v2Order.put("couponCode", "WINTER26");
            byte[] v2Bytes;
            try (AvroSerde<GenericRecord> generic = AvroSerde.generic(config, false)) {
                v2Bytes = generic.serializer().serialize("orders", v2Order);
            }

            // Then the v1 reader reads both, and the registry holds two versions
            assertThat(serde.deserializer().deserialize("orders", v1Bytes)).isEqualTo(order);
            assertThat(serde.deserializer().deserialize("orders", v2Bytes)).isEqualTo(order);
            assertThat(server.registry().versionNumbers("orders-value")).containsExactly(1, 2);
        }
    }
}
