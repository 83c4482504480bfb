package io.pulse.streams;

import io.pulse.serde.AvroSerde;
import io.pulse.serde.AvroSerdeConfig;
import io.pulse.serde.registry.SchemaRegistryClient;
import io.pulse.serde.registry.SchemaRegistryClients;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** {@link AvroSerdeFactory} over one shared schema-registry client ({@code schema.registry.url}, {@code mem://} too). */
public final class RegistryAvroSerdes implements AvroSerdeFactory {
    private final AvroSerdeConfig config;
    private final SchemaRegistryClient client;

    public RegistryAvroSerdes(Map<String, ?> serdeConfig) {
        this.config = AvroSerdeConfig.fromMap(serdeConfig);
        this.client = SchemaRegistryClients.create(config.registry());
    }

    /** Serdes over the in-memory registry of {@code scope}, for tests and replay. */
    public static RegistryAvroSerdes inMemory(String scope) {
        return new RegistryAvroSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + scope));
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return AvroSerde.specific(type, client, config, false);
    }

    public SchemaRegistryClient client() {
        return client;
    }
}
