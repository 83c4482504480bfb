package io.pulse.serde;

import io.pulse.serde.registry.SchemaRegistryClient;
import io.pulse.serde.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializer and deserializer of one type, for keys or values, sharing one registry client.
 *
 * <pre>{@code
 * AvroSerdeConfig config = AvroSerdeConfig.builder().registryUrls("http://registry:8081")
 *     .autoRegister(false).build();
 * Serde<OrderEvent> orders = AvroSerde.specific(OrderEvent.class, config, false);
 * }</pre>
 *
 * <p>Or unconfigured ({@link #specific(Class)}, {@link #generic()}) and then {@link #configure}d
 * with Kafka-style properties, as Kafka does with serde classes named in its configuration.
 */
public class AvroSerde<T> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private SchemaRegistryClient ownedClient;

    /** A generic serde for Kafka's reflective instantiation; call {@link #configure} before use. */
    public AvroSerde() {
        this(new AvroSerializer<>(), new AvroDeserializer<>());
    }

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** An unconfigured serde of a generated class. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type) {
        return new AvroSerde<>(new AvroSerializer<>(), new AvroDeserializer<>(type, null));
    }

    /** A serde of a generated class with a registry client of its own. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(
            Class<T> type, AvroSerdeConfig config, boolean isKey) {
        AvroSerde<T> serde = specific(type);
        serde.start(SchemaRegistryClients.create(config.registry()), true, config, isKey);
        return serde;
    }

    /** A serde of a generated class using the caller's registry client. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(
            Class<T> type, SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        AvroSerde<T> serde = specific(type);
        serde.start(client, false, config, isKey);
        return serde;
    }

    /** An unconfigured serde of generic records. */
    public static AvroSerde<GenericRecord> generic() {
        return new AvroSerde<>(new AvroSerializer<>(), new AvroDeserializer<>());
    }

    /** A serde of generic records read with the writer's schema, with a client of its own. */
    public static AvroSerde<GenericRecord> generic(AvroSerdeConfig config, boolean isKey) {
        AvroSerde<GenericRecord> serde = generic();
        serde.start(SchemaRegistryClients.create(config.registry()), true, config, isKey);
        return serde;
    }

    /**
     * A serde of generic records using the caller's client; records are resolved into {@code
     * readerSchema} when it is not null, else read with the writer's schema.
     */
    public static AvroSerde<GenericRecord> generic(
            SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey, Schema readerSchema) {
        AvroSerde<GenericRecord> serde =
                new AvroSerde<>(new AvroSerializer<>(), new AvroDeserializer<>(null, readerSchema));
        serde.start(client, false, config, isKey);
        return serde;
    }

    private void start(SchemaRegistryClient client, boolean owns, AvroSerdeConfig config, boolean isKey) {
        serializer.init(client, false, config, isKey);
        deserializer.init(client, false, config, isKey);
        ownedClient = owns ? client : null;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
        start(SchemaRegistryClients.create(config.registry()), true, config, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        if (ownedClient != null) {
            ownedClient.close();
            ownedClient = null;
        }
    }
}
