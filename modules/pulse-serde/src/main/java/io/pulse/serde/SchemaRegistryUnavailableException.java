package io.pulse.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be decoded because the schema registry did not answer for its writer schema (unreachable,
 * timing out, a 5xx, refusing credentials): nothing is known to be wrong with the record, so it must not be treated
 * as bad input. Only a registry that answers "no such schema" condemns a record. Still a {@link
 * SerializationException}, so callers that do not care about the difference keep working.
 */
public class SchemaRegistryUnavailableException extends SerializationException {
    private static final long serialVersionUID = 1L;

    private final int schemaId;

    public SchemaRegistryUnavailableException(int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    /** The writer schema id that could not be resolved. */
    public int schemaId() {
        return schemaId;
    }
}
