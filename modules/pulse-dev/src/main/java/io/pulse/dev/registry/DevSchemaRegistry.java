package io.pulse.dev.registry;

import io.pulse.serde.registry.CompatibilityLevel;
import io.pulse.serde.registry.InMemorySchemaRegistry;

/**
 * Opens the development registry's state: pulse-serde's {@link InMemorySchemaRegistry} (the same rules as the
 * {@code mem://} registry: ids shared by equal schemas across subjects, versions per subject, compatibility
 * levels, Confluent's error codes) rebuilt from a {@link SchemaStore}, with every change appended to the store
 * before it becomes visible.
 */
public final class DevSchemaRegistry {
    private DevSchemaRegistry() {}

    public static InMemorySchemaRegistry open(SchemaStore store) {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(new InMemorySchemaRegistry.Journal() {
            @Override
            public void schemaVersion(String subject, int version, int id, String canonicalSchema) {
                store.append(new StoreRecord.SchemaVersion(subject, version, id, canonicalSchema));
            }

            @Override
            public void compatibility(String subject, CompatibilityLevel level) {
                store.append(new StoreRecord.Compatibility(subject, level));
            }
        });
        for (StoreRecord record : store.load()) {
            if (record instanceof StoreRecord.SchemaVersion v) {
                registry.restoreVersion(v.subject(), v.version(), v.id(), v.schema());
            } else if (record instanceof StoreRecord.Compatibility c) {
                registry.restoreCompatibility(c.subject(), c.level());
            }
        }
        return registry;
    }
}
