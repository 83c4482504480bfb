package io.pulse.serde.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject.
 *
 * @param subject the subject
 * @param version its version within the subject, from 1
 * @param id the registry-wide schema id written into every record
 * @param schema the schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
