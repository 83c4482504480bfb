package io.pulse.serde.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Compatibility checks under a registry's levels, with Avro's own schema-resolution rules. */
public final class AvroCompatibility {

    private AvroCompatibility() {}

    /**
     * Checks a candidate against the existing versions of a subject.
     *
     * @param existing the subject's versions, oldest first
     * @return what breaks, one readable line per problem; empty when compatible
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Schema> existing) {
        if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
            return List.of();
        }
        List<Schema> against = level.transitive() ? existing : List.of(existing.get(existing.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Schema old : against) {
            if (level.backward()) {
                problems.addAll(problems(candidate, old, "new schema cannot read data written with an existing one"));
            }
            if (level.forward()) {
                problems.addAll(
                        problems(old, candidate, "an existing schema cannot read data written with the new one"));
            }
        }
        return problems;
    }

    private static List<String> problems(Schema reader, Schema writer, String what) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (Incompatibility i : result.getResult().getIncompatibilities()) {
            lines.add(what + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")");
        }
        return lines;
    }
}
