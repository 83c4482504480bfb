package io.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.avro.events.OrderEvent;
import io.pulse.avro.events.TicketEvent;
import io.pulse.avro.events.TicketStatus;
import io.pulse.serde.registry.InMemorySchemaRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final String SCOPE = "avro-serde-test";
    private static final String TOPIC = "pulse.events.order";

    private final OrderEvent order = OrderEvent.newBuilder()
            .setEventId("o-17")
            .setOccurredAt(Instant.parse("2026-11-02T12:00:00Z"))
            .setCustomerId("c-9")
            .setRevenue(new BigDecimal("1999.9900"))
            .setEmployeeId("e-017")
            .setNewCustomer(true)
            .build();

    private static TicketEvent ticket() {
        return TicketEvent.newBuilder()
                .setEventId("t-1")
                .setOccurredAt(Instant.EPOCH)
                .setTicketId("T-1")
                .setStatus(TicketStatus.resolved)
                .setCsat(5)
                .build();
    }

    @AfterEach
    void resetRegistry() {
        InMemorySchemaRegistry.reset(SCOPE);
    }

    private static Map<String, Object> props() {
        Map<String, Object> props = new HashMap<>();
        props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + SCOPE);
        return props;
    }

    @Test
    void shouldWriteMagicByteBigEndianIdAndAvroBody() {
        // Given a registry that already holds 257 schemas, so the id needs two bytes
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        for (int i = 0; i < 257; i++) {
            registry.register(
                    "filler-" + i,
                    org.apache.avro.SchemaBuilder.record("F" + i).fields().endRecord());
        }
        Serializer<OrderEvent> serializer = new AvroSerializer<>();
        serializer.configure(props(), false);

        // When
        byte[] bytes = serializer.serialize(TOPIC, order);

        // Then: 0x00, id 258 as 00 00 01 02, then the Avro body (first field: "o-17" = length 4 zig-zag 08)
        assertThat(Arrays.copyOfRange(bytes, 0, 7)).containsExactly(0, 0, 0, 1, 2, 8, 'o');
        assertThat(registry.getLatestVersion(TOPIC + "-value").id()).isEqualTo(258);
    }

    @Test
    void shouldRoundTripThroughKafkaStyleConfiguration() {
        // Given serde classes configured from properties, as Kafka does
        Map<String, Object> props = props();
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, OrderEvent.class.getName());
        AvroSerde<Object> serde = new AvroSerde<>();
        serde.configure(props, false);

        // When
        Object back = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, order));

        // Then
        assertThat(back).isEqualTo(order);
    }

    @Test
    void shouldReadGenericRecordsWithLogicalTypesAsJavaTypes() {
        AvroSerdeConfig config =
                AvroSerdeConfig.builder().registryUrls("mem://" + SCOPE).build();
        byte[] bytes = new AvroSerializer<OrderEvent>(config, false).serialize(TOPIC, order);

        GenericRecord generic = new AvroDeserializer<GenericRecord>(config, false).deserialize(TOPIC, bytes);

        assertThat(generic.get("revenue")).isEqualTo(new BigDecimal("1999.9900"));
        assertThat(generic.get("occurredAt")).isEqualTo(Instant.parse("2026-11-02T12:00:00Z"));
        assertThat(generic.get("customerId").toString()).isEqualTo("c-9");
    }

    @Test
    void shouldReadIntoTheGeneratedClassNamedByTheWriterSchema() {
        // Given specific.avro.reader without a type: the class is found by the writer schema's name
        Map<String, Object> props = props();
        props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
        Deserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(props, false);
        TicketEvent ticket = ticket();
        byte[] bytes =
                new AvroSerializer<TicketEvent>(AvroSerdeConfig.fromMap(props()), false).serialize("tickets", ticket);

        // Then
        assertThat(deserializer.deserialize("tickets", bytes)).isEqualTo(ticket);
    }

    @Test
    void shouldWriteEachRecordAsAFreshSerializerWouldWhenTopicsAndTypesAlternate() {
        // Given one serializer for three topics and three kinds of value: it remembers the last combination, so every
        // switch must still find its own id and writer
        Serializer<Object> serializer = new AvroSerializer<>();
        serializer.configure(props(), false);
        TicketEvent ticket = ticket();
        GenericRecord genericOrder = SampleRecords.generic(OrderEvent.getClassSchema(), true);
        Object[][] writes = {
            {"a", order},
            {"a", order},
            {"b", order},
            {"t", ticket},
            {"b", order},
            {"t", ticket},
            {"a", order},
            {"a", genericOrder},
            {"a", order},
            {"b", genericOrder},
            {"b", genericOrder},
            {"t", ticket}
        };

        for (Object[] w : writes) {
            String topic = (String) w[0];
            byte[] bytes = serializer.serialize(topic, w[1]);

            // Then: the same bytes (schema id and body) as a serializer that has written nothing before
            Serializer<Object> fresh = new AvroSerializer<>();
            fresh.configure(props(), false);
            assertThat(bytes).as(topic + " " + w[1].getClass().getSimpleName()).isEqualTo(fresh.serialize(topic, w[1]));
        }
    }

    @Test
    void shouldNameSubjectsByTopicRecordOrBoth() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        for (SubjectNameStrategy strategy : SubjectNameStrategy.values()) {
            AvroSerdeConfig config = AvroSerdeConfig.builder()
                    .registryUrls("mem://" + SCOPE)
                    .subjectNameStrategy(strategy)
                    .build();
            new AvroSerializer<OrderEvent>(config, true).serialize(TOPIC, order);
        }
        assertThat(registry.subjects())
                .containsExactlyInAnyOrder(
                        "pulse.events.order-key",
                        "io.pulse.avro.events.OrderEvent",
                        "pulse.events.order-io.pulse.avro.events.OrderEvent");
    }

    @Test
    void shouldSerializePrimitiveKeys() {
        AvroSerdeConfig config =
                AvroSerdeConfig.builder().registryUrls("mem://" + SCOPE).build();
        Serializer<Object> serializer = new AvroSerializer<>(config, true);
        Deserializer<Object> deserializer = new AvroDeserializer<>(config, true);

        for (Object key : new Object[] {"e-017", 42, 42L, true, 2.5, 1.5f}) {
            // One topic per type: the registry rightly refuses int after string under one subject.
            String topic = "keys-" + key.getClass().getSimpleName();
            assertThat(deserializer.deserialize(topic, serializer.serialize(topic, key)))
                    .isEqualTo(key);
        }
        assertThat((java.nio.ByteBuffer) deserializer.deserialize("k", serializer.serialize("k", new byte[] {1, 2})))
                .isEqualTo(java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(serializer.serialize("k", null)).isNull();
        assertThat(deserializer.deserialize("k", null)).isNull();
    }

    @Test
    void shouldRefuseToRegisterWhenAutoRegisterIsOffAndNameTheSubject() {
        // Given production settings: schemas are registered by the deployment, not by producers
        AvroSerdeConfig config = AvroSerdeConfig.builder()
                .registryUrls("mem://" + SCOPE)
                .autoRegister(false)
                .build();
        Serializer<OrderEvent> serializer = new AvroSerializer<>(config, false);

        // Then a schema nobody registered is an error naming the subject
        assertThatThrownBy(() -> serializer.serialize(TOPIC, order))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject 'pulse.events.order-value'")
                .hasMessageContaining("auto.register.schemas is false");
    }

    @Test
    void shouldUseTheRegisteredIdWhenAutoRegisterIsOff() {
        // Given the deployment registered the schema (from the .avsc file, without Java properties)
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        int id = registry.register(
                TOPIC + "-value", new org.apache.avro.Schema.Parser().parse(readFile("events/OrderEvent.avsc")));
        AvroSerdeConfig config = AvroSerdeConfig.builder()
                .registryUrls("mem://" + SCOPE)
                .autoRegister(false)
                .build();

        // When
        byte[] bytes = new AvroSerializer<OrderEvent>(config, false).serialize(TOPIC, order);

        // Then
        assertThat(WireFormat.readSchemaId(TOPIC, bytes)).isEqualTo(id);
        assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
    }

    @Test
    void shouldRejectBytesThatAreNotConfluentAvro() {
        AvroSerdeConfig config =
                AvroSerdeConfig.builder().registryUrls("mem://" + SCOPE).build();
        Deserializer<OrderEvent> deserializer =
                AvroSerde.specific(OrderEvent.class, config, false).deserializer();
        byte[] good = new AvroSerializer<OrderEvent>(config, false).serialize(TOPIC, order);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, "{\"type\":\"order\"}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x7B")
                .hasMessageContaining(TOPIC);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Truncated record")
                .hasMessageContaining("3 byte(s)");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0x30, 0x39, 2, 'x'}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown schema id 12345");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Truncated Avro body");
        byte[] longer = Arrays.copyOf(good, good.length + 2);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left after the Avro body");
    }

    @Test
    void shouldWriteCleanBytesAfterARecordThatFailedHalfWay() {
        // Given a record whose money has more decimals than its schema's scale 4: it fails mid-body
        AvroSerdeConfig config =
                AvroSerdeConfig.builder().registryUrls("mem://" + SCOPE).build();
        AvroSerde<OrderEvent> serde = AvroSerde.specific(OrderEvent.class, config, false);
        OrderEvent bad =
                OrderEvent.newBuilder(order).setCost(new BigDecimal("1.23456")).build();
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, bad))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("io.pulse.avro.events.OrderEvent")
                .hasMessageContaining(TOPIC);

        // When the next record on the same thread is fine
        byte[] bytes = serde.serializer().serialize(TOPIC, order);

        // Then nothing of the failed one leaked into it
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(order);
    }

    @Test
    void shouldServeManyThreadsWithOneInstance() throws Exception {
        // Given one serde shared by four threads, as Kafka Streams threads may share it
        AvroSerdeConfig config =
                AvroSerdeConfig.builder().registryUrls("mem://" + SCOPE).build();
        AvroSerde<OrderEvent> serde = AvroSerde.specific(OrderEvent.class, config, false);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Callable<Integer>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                workers.add(() -> {
                    for (int i = 0; i < 500; i++) {
                        OrderEvent sent = OrderEvent.newBuilder(order)
                                .setEventId("o-" + thread + "-" + i)
                                .setRevenue(new BigDecimal(i + ".0" + thread + "00"))
                                .build();
                        OrderEvent back = serde.deserializer()
                                .deserialize(TOPIC, serde.serializer().serialize(TOPIC, sent));
                        if (!sent.equals(back)) {
                            throw new AssertionError("thread " + thread + " record " + i + ": " + back);
                        }
                    }
                    return 500;
                });
            }

            // Then every record of every thread comes back as it was sent
            for (java.util.concurrent.Future<Integer> done : pool.invokeAll(workers)) {
                assertThat(done.get()).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldExplainWhenTheConfigurationIsIncomplete() {
        assertThatThrownBy(() -> new AvroSerializer<>().configure(Map.of(), false))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new AvroSerializer<>().serialize(TOPIC, order))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
    }

    private static String readFile(String relative) {
        try {
            return java.nio.file.Files.readString(SchemaFiles.DIR.resolve(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
