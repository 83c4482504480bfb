/**
 * Avro in the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary) for
 * Kafka: {@link io.pulse.serde.AvroSerde} with its {@link io.pulse.serde.AvroSerializer} and
 * {@link io.pulse.serde.AvroDeserializer}, configured by {@link io.pulse.serde.AvroSerdeConfig}.
 */
package io.pulse.serde;
