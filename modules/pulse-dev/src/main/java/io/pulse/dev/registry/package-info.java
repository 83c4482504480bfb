/**
 * The development schema registry: {@link io.pulse.dev.registry.DevSchemaRegistryServer} serves
 * the Confluent REST subset Pulse and other Confluent-compatible clients use, over the JDK's HTTP
 * server, with its schemas in a {@link io.pulse.dev.registry.SchemaStore} (in memory, or the
 * compacted Kafka topic {@code _pulse_schemas} with {@link io.pulse.dev.registry.KafkaSchemaStore}).
 * For development and demos only; production uses a real registry.
 */
package io.pulse.dev.registry;
