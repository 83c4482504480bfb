package io.pulse.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes Confluent-wire-format Avro serdes for generated record classes. The service backs it with a schema
 * registry; tests with the in-memory registry. Kept as an interface so the topology does not care which.
 */
@FunctionalInterface
public interface AvroSerdeFactory {
    /** A value serde for {@code type}, registering and resolving schemas under {@code <topic>-value}. */
    <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type);
}
