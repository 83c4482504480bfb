package io.pulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.serde.registry.AvroSchemas;
import io.pulse.serde.registry.InMemorySchemaRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schema in schemas/ survives the serde, as generated class and as generic record. */
class AllSchemasRoundTripTest {

    private static final String TOPIC = "pulse.roundtrip";

    private InMemorySchemaRegistry registry;
    private AvroSerdeConfig config;

    static Stream<Arguments> schemas() {
        return SchemaFiles.all().stream()
                .flatMap(file -> Stream.of(
                        Arguments.of(SchemaFiles.DIR.relativize(file).toString(), file, true),
                        Arguments.of(SchemaFiles.DIR.relativize(file).toString(), file, false)));
    }

    @BeforeEach
    void freshRegistry() {
        registry = new InMemorySchemaRegistry();
        config = AvroSerdeConfig.builder().registryUrls("mem://roundtrip").build();
    }

    @ParameterizedTest(name = "{0} all fields set: {2}")
    @MethodSource("schemas")
    void shouldRoundTripTheGeneratedClass(String name, Path file, boolean full) {
        // Given a generated record with every field set (or every optional one empty)
        Schema schema = SchemaFiles.parse(file);
        SpecificRecord record = SampleRecords.specific(schema, full);

        // When it goes through the serde
        try (AvroSerde<SpecificRecord> serde = specificSerde(record)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, record);
            SpecificRecord back = serde.deserializer().deserialize(TOPIC, bytes);

            // Then it comes back equal, in the same class, and the registry holds the file's schema
            assertThat(back).isInstanceOf(record.getClass()).isEqualTo(record);
            assertThat(back).usingRecursiveComparison().isEqualTo(record);
            // Two decoded copies compare equal too (Avro's own GenericData.Array would throw here
            // for arrays holding optional decimals, e.g. Plan.kpis; the serde reads plain lists)
            assertThat(serde.deserializer().deserialize(TOPIC, bytes))
                    .isEqualTo(back)
                    .hasSameHashCodeAs(back);
            assertThat(back.toString()).isEqualTo(record.toString());
            assertThat(bytes[0]).isZero();
            assertThat(AvroSchemas.canonical(
                            registry.getLatestVersion(TOPIC + "-value").schema()))
                    .isEqualTo(AvroSchemas.canonical(schema));
        }
    }

    @ParameterizedTest(name = "{0} all fields set: {2}")
    @MethodSource("schemas")
    void shouldRoundTripAGenericRecord(String name, Path file, boolean full) {
        // Given a generic record of the schema file, with BigDecimal and Instant for logical types
        Schema schema = SchemaFiles.parse(file);
        GenericRecord record = SampleRecords.generic(schema, full);

        // When
        try (AvroSerde<GenericRecord> serde = AvroSerde.generic(registry, config, false, null)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, record);
            GenericRecord back = serde.deserializer().deserialize(TOPIC, bytes);

            // Then
            assertThat(back.toString()).isEqualTo(record.toString());
            assertThat(back.getSchema()).isEqualTo(schema);
        }
    }

    @ParameterizedTest(name = "{0} all fields set: {2}")
    @MethodSource("schemas")
    void shouldWriteTheSameBytesFromClassAndGenericRecord(String name, Path file, boolean full) {
        Schema schema = SchemaFiles.parse(file);
        try (AvroSerde<GenericRecord> generic = AvroSerde.generic(registry, config, false, null)) {
            SpecificRecord specific = SampleRecords.specific(schema, full);
            byte[] fromClass = new AvroSerializer<SpecificRecord>(registry, config, false).serialize(TOPIC, specific);
            byte[] fromGeneric = generic.serializer().serialize(TOPIC, SampleRecords.generic(schema, full));

            // The Java-only string property is not registered, so both forms share one id and one encoding.
            assertThat(fromClass).isEqualTo(fromGeneric);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldKeepExactMoneyAndInstants() {
        // Given an order with a revenue that binary floating point cannot hold
        var order = io.pulse.avro.events.OrderEvent.newBuilder()
                .setEventId("o-1")
                .setOccurredAt(Instant.parse("2026-03-29T00:59:59.999Z"))
                .setCustomerId("c-1")
                .setRevenue(new BigDecimal("0.1000"))
                .setCost(new BigDecimal("99999999999999.9999"))
                .build();

        // When
        try (AvroSerde<io.pulse.avro.events.OrderEvent> serde =
                AvroSerde.specific(io.pulse.avro.events.OrderEvent.class, registry, config, false)) {
            var back =
                    serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, order));

            // Then
            assertThat(back.getRevenue()).isEqualTo(new BigDecimal("0.1000"));
            assertThat(back.getCost()).isEqualTo(new BigDecimal("99999999999999.9999"));
            assertThat(back.getOccurredAt()).isEqualTo(Instant.parse("2026-03-29T00:59:59.999Z"));
        }
    }

    @SuppressWarnings("unchecked")
    private AvroSerde<SpecificRecord> specificSerde(SpecificRecord record) {
        return AvroSerde.specific((Class<SpecificRecord>) record.getClass(), registry, config, false);
    }
}
