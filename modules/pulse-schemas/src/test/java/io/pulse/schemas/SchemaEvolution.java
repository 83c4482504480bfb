package io.pulse.schemas;

import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The one rule every schema change obeys: the new schema, as a reader, reads everything the old
 * one wrote (backward compatibility, the Confluent registry's default). Shared by the test over
 * the real schemas and the test that proves the rule rejects a breaking change.
 */
final class SchemaEvolution {

    private SchemaEvolution() {}

    /** Returns null when compatible, otherwise a readable list of what breaks. */
    static String backwardIncompatibilities(Schema newReader, Schema oldWriter) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(newReader, oldWriter);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .collect(Collectors.joining("; "));
    }
}
