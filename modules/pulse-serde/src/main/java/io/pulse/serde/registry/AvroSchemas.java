package io.pulse.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Schema text helpers shared by the registries and the serde. */
public final class AvroSchemas {

    /** The property the Java code generator adds to string types; no other language needs it. */
    public static final String JAVA_STRING_PROPERTY = "avro.java.string";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroSchemas() {}

    /**
     * Parses schema text on its own (a fresh parser, so names of other schemas never collide).
     *
     * @throws RegistryException of kind {@code INVALID_SCHEMA} with the parser's message
     */
    public static Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | NullPointerException e) {
            throw new RegistryException(
                    422,
                    RegistryException.INVALID_SCHEMA,
                    RegistryException.Kind.INVALID_SCHEMA,
                    "Invalid schema: " + e.getMessage(),
                    "Invalid Avro schema: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The text that identifies a schema in a registry: Avro's own JSON rendering of the parsed
     * schema (field order, docs, defaults and properties kept), the same string whichever
     * whitespace or key order the source had.
     */
    public static String canonical(Schema schema) {
        return schema.toString();
    }

    /**
     * The schema without Java-only properties ({@value #JAVA_STRING_PROPERTY}), so the text
     * registered from a generated class equals the one registered from the .avsc file by any other
     * client. The binary encoding is unchanged.
     */
    public static Schema withoutJavaProperties(Schema schema) {
        String text = schema.toString();
        if (!text.contains(JAVA_STRING_PROPERTY)) {
            return schema;
        }
        try {
            JsonNode tree = JSON.readTree(text);
            strip(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot rewrite schema " + schema.getFullName(), e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_PROPERTY);
            // A string type left as {"type":"string"} is fine; Avro renders it back as "string".
            object.elements().forEachRemaining(AvroSchemas::strip);
        } else if (node instanceof ArrayNode array) {
            array.forEach(AvroSchemas::strip);
        }
    }
}
