package io.pulse.dev.registry;

import io.pulse.serde.registry.CompatibilityLevel;
import java.util.Objects;

/** One durable change of the development registry, replayed in order on start. */
public sealed interface StoreRecord {

    /**
     * A new version of a subject.
     *
     * @param schema the schema text, in Avro's canonical JSON rendering
     */
    record SchemaVersion(String subject, int version, int id, String schema) implements StoreRecord {
        public SchemaVersion {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
            if (version < 1 || id < 1) {
                throw new IllegalArgumentException("version and id start at 1: " + version + ", " + id);
            }
        }
    }

    /**
     * A compatibility level set for a subject, or for the whole registry when {@code subject} is
     * null.
     */
    record Compatibility(String subject, CompatibilityLevel level) implements StoreRecord {
        public Compatibility {
            Objects.requireNonNull(level, "level");
        }
    }
}
