package io.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.avro.events.OrderEvent;
import io.pulse.serde.registry.CompatibilityLevel;
import io.pulse.serde.registry.InMemorySchemaRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Writer v1 to reader v2 and back, through the registry: v1 is OrderEvent as generated; v2 adds
 * an optional {@code couponCode} and drops nothing.
 */
class SchemaEvolutionTest {

    private static final String TOPIC = "pulse.events.order";
    private static final Schema V1 = OrderEvent.getClassSchema();
    private static final Schema V2 = withField(
            V1,
            "{\"name\":\"couponCode\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"Coupon used, if any.\"}");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerdeConfig config =
            AvroSerdeConfig.builder().registryUrls("mem://evolution").build();
    private final OrderEvent v1Order = OrderEvent.newBuilder()
            .setEventId("o-1")
            .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z"))
            .setCustomerId("c-1")
            .setRevenue(new BigDecimal("100.0000"))
            .build();

    @Test
    void shouldReadOldRecordsWithTheNewSchema() {
        // Given a v1 producer
        byte[] v1Bytes = AvroSerde.specific(OrderEvent.class, registry, config, false)
                .serializer()
                .serialize(TOPIC, v1Order);

        // When a v2 consumer reads it
        GenericRecord read =
                AvroSerde.generic(registry, config, false, V2).deserializer().deserialize(TOPIC, v1Bytes);

        // Then the new field takes its default and the rest is intact
        assertThat(read.getSchema()).isEqualTo(V2);
        assertThat(read.get("couponCode")).isNull();
        assertThat(read.get("revenue")).isEqualTo(new BigDecimal("100.0000"));
    }

    @Test
    void shouldReadNewRecordsWithTheOldSchema() {
        // Given v1 registered, then a v2 producer (allowed under BACKWARD)
        AvroSerde.specific(OrderEvent.class, registry, config, false)
                .serializer()
                .serialize(TOPIC, v1Order);
        GenericRecord v2Order = new GenericData.Record(V2);
        V1.getFields().forEach(f -> v2Order.put(f.name(), v1Order.get(f.name())));
        v2Order.put("couponCode", "WINTER26");
        byte[] v2Bytes =
                AvroSerde.generic(registry, config, false, null).serializer().serialize(TOPIC, v2Order);

        // When the v1 consumer (the generated class) reads it
        OrderEvent read = AvroSerde.specific(OrderEvent.class, registry, config, false)
                .deserializer()
                .deserialize(TOPIC, v2Bytes);

        // Then the unknown field is skipped
        assertThat(read).isEqualTo(v1Order);
        assertThat(registry.getLatestVersion(TOPIC + "-value").version()).isEqualTo(2);
        assertThat(registry.getSchemaById(
                                registry.getLatestVersion(TOPIC + "-value").id())
                        .getField("couponCode"))
                .isNotNull();
    }

    @Test
    void shouldRefuseAnIncompatibleProducer() {
        // Given v1 registered
        AvroSerde.specific(OrderEvent.class, registry, config, false)
                .serializer()
                .serialize(TOPIC, v1Order);
        Schema breaking = withField(V1, "{\"name\":\"couponCode\",\"type\":\"string\"}");
        GenericRecord record = new GenericData.Record(breaking);
        V1.getFields().forEach(f -> record.put(f.name(), v1Order.get(f.name())));
        record.put("couponCode", "X");

        // Then a producer with a new required field is rejected, naming the subject
        assertThatThrownBy(() -> AvroSerde.generic(registry, config, false, null)
                        .serializer()
                        .serialize(TOPIC, record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("incompatible")
                .hasMessageContaining("pulse.events.order-value")
                .hasMessageContaining("couponCode");

        // Unless the subject's level says otherwise
        registry.setCompatibility(TOPIC + "-value", CompatibilityLevel.NONE);
        assertThat(AvroSerde.generic(registry, config, false, null).serializer().serialize(TOPIC, record))
                .isNotEmpty();
    }

    @Test
    void shouldReportARecordTheReaderCannotResolve() {
        // Given a record written with a schema whose field type the reader cannot convert
        Schema other = new Schema.Parser()
                .parse(V1.toString()
                        .replace(
                                "\"customerId\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}",
                                "\"customerId\",\"type\":\"int\""));
        assertThat(other.getField("customerId").schema().getType()).isEqualTo(Schema.Type.INT);
        registry.setCompatibility("other-value", CompatibilityLevel.NONE);
        GenericRecord record = new GenericData.Record(other);
        V1.getFields().forEach(f -> record.put(f.name(), v1Order.get(f.name())));
        record.put("customerId", 5);
        byte[] bytes =
                AvroSerde.generic(registry, config, false, null).serializer().serialize("other", record);

        // Then the OrderEvent reader says which schemas did not match
        assertThatThrownBy(() -> AvroSerde.specific(OrderEvent.class, registry, config, false)
                        .deserializer()
                        .deserialize("other", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("into reader schema io.pulse.avro.events.OrderEvent");
    }

    private static Schema withField(Schema schema, String field) {
        String json = schema.toString();
        int end = json.lastIndexOf(']');
        return new Schema.Parser().parse(json.substring(0, end) + "," + field + json.substring(end));
    }
}
