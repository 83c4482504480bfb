package io.pulse.bench.serde;

import io.pulse.avro.events.OrderEvent;
import io.pulse.serde.AvroDeserializer;
import io.pulse.serde.AvroSerde;
import io.pulse.serde.AvroSerdeConfig;
import io.pulse.serde.AvroSerializer;
import io.pulse.serde.registry.InMemorySchemaRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serialize and deserialize of a typical order event (all optional fields set: two decimals, a
 * timestamp, six strings) through Pulse's serde, in records per second per thread. The registry
 * is in memory: after the first record every schema lookup is a cache hit, as in production.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerdeBenchmark {

    private static final String TOPIC = "pulse.events.order";

    private AvroSerializer<OrderEvent> serializer;
    private AvroDeserializer<OrderEvent> deserializer;
    private AvroDeserializer<GenericRecord> genericDeserializer;
    private OrderEvent order;
    private byte[] bytes;

    @Setup
    public void setUp() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        AvroSerdeConfig config =
                AvroSerdeConfig.builder().registryUrls("mem://bench").build();
        serializer = new AvroSerializer<>(registry, config, false);
        deserializer = (AvroDeserializer<OrderEvent>)
                AvroSerde.specific(OrderEvent.class, registry, config, false).deserializer();
        genericDeserializer = new AvroDeserializer<>(registry, config, false);
        order = OrderEvent.newBuilder()
                .setEventId("0f8fad5b-d9cb-469f-a165-70867728950e")
                .setOccurredAt(Instant.parse("2026-11-02T12:34:56.789Z"))
                .setCustomerId("customer-004217")
                .setRevenue(new BigDecimal("18450.5000"))
                .setCost(new BigDecimal("11070.3000"))
                .setEmployeeId("e-017")
                .setCampaignId("c-9")
                .setChannel("search")
                .setNewCustomer(true)
                .setCurrency("RUB")
                .build();
        bytes = serializer.serialize(TOPIC, order);
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(TOPIC, order);
    }

    @Benchmark
    public OrderEvent deserialize() {
        return deserializer.deserialize(TOPIC, bytes);
    }

    @Benchmark
    public GenericRecord deserializeGeneric() {
        return genericDeserializer.deserialize(TOPIC, bytes);
    }
}
