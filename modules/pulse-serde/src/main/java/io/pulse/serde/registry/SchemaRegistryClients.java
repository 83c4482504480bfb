package io.pulse.serde.registry;

/** Creates the client a configuration asks for. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {}

    /**
     * A {@link InMemorySchemaRegistry} shared per scope for {@code mem://<scope>}, otherwise a new
     * {@link RestSchemaRegistryClient}.
     */
    public static SchemaRegistryClient create(RegistryClientConfig config) {
        if (config.inMemory()) {
            return InMemorySchemaRegistry.forScope(
                    InMemorySchemaRegistry.scopeOf(config.urls().get(0)));
        }
        return new RestSchemaRegistryClient(config);
    }
}
