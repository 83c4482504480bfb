/**
 * Schema-registry clients speaking the Confluent REST protocol: the {@link
 * io.pulse.serde.registry.SchemaRegistryClient} interface, its HTTP implementation {@link
 * io.pulse.serde.registry.RestSchemaRegistryClient} and the in-JVM {@link
 * io.pulse.serde.registry.InMemorySchemaRegistry} for {@code mem://} URLs; start from {@link
 * io.pulse.serde.registry.SchemaRegistryClients#create}.
 */
package io.pulse.serde.registry;
