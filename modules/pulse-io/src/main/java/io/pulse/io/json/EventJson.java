package io.pulse.io.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.io.events.InputEvent;
import io.pulse.streams.event.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON-lines form of the input events (SPEC §2): one object per line with a {@code type} field
 * ({@code impression}, {@code click}, ...) and the event's fields by their schema names.
 *
 * <pre>{@code {"type":"order","eventId":"o-1","occurredAt":"2026-11-02T09:15:00Z","customerId":"c-9","revenue":1200.50}}</pre>
 *
 * <p>The conversion follows the event's Avro schema, so a field added to a schema is accepted here without a
 * change. Times are ISO-8601 instants ({@code Z} or an offset; kept to the millisecond). Money is exact: a
 * JSON number or a string, at most 4 decimal places (the schemas' scale), never binary floating point. Fields
 * the schema does not have are errors, so a misspelt {@code employeId} cannot silently drop attribution.
 * Only the form is checked here; the rules of SPEC §2 (scores 0-10, no negative amounts, the configured
 * currency) are the topology's, which sends breaking events to the dead-letter topic with the reason.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final String TYPE = "type";

    private EventJson() {}

    /**
     * The event of one JSON line.
     *
     * @throws EventJsonException naming the problem: {@code unknown type 'foo'}, {@code missing required field
     *                            'eventId'}, {@code 'occurredAt' is not an ISO-8601 instant}, ...
     */
    public static InputEvent parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new EventJsonException("not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw new EventJsonException("empty line");
        }
        if (!node.isObject()) {
            throw new EventJsonException("expected a JSON object with a 'type' field, got " + describe(node));
        }
        JsonNode typeNode = node.get(TYPE);
        if (typeNode == null || typeNode.isNull()) {
            throw new EventJsonException("missing required field 'type'");
        }
        if (!typeNode.isTextual()) {
            throw new EventJsonException("'type' must be a string such as \"order\", got " + describe(typeNode));
        }
        EventType type = type(typeNode.asText());
        return new InputEvent(type, record(type, (ObjectNode) node));
    }

    /** A line of a JSON-lines file that is not an event: its number (the first is 1), its text, and why. */
    public record BadLine(long number, String text, String reason) {}

    /**
     * Reads JSON lines to their end: every event to {@code events} as it is read (a file is never held whole),
     * every line that is not one to {@code bad}; blank lines are skipped. Returns how many events there were.
     */
    public static long readLines(BufferedReader reader, Consumer<InputEvent> events, Consumer<BadLine> bad)
            throws IOException {
        long count = 0;
        long number = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            InputEvent event = parseLine(++number, line, bad);
            if (event != null) {
                events.accept(event);
                count++;
            }
        }
        return count;
    }

    /**
     * Line {@code number} of a JSON-lines file as {@link #readLines} takes it: the event, or null for a blank line
     * and for a line that is not an event, which goes to {@code bad}.
     */
    public static InputEvent parseLine(long number, String line, Consumer<BadLine> bad) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return parse(line);
        } catch (EventJsonException e) {
            bad.accept(new BadLine(number, line, e.getMessage()));
            return null;
        }
    }

    private static EventType type(String id) {
        for (EventType t : EventType.values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        throw new EventJsonException("unknown type '" + id + "': expected one of "
                + String.join(
                        ", ",
                        java.util.Arrays.stream(EventType.values())
                                .map(EventType::id)
                                .toList()));
    }

    private static SpecificRecord record(EventType type, ObjectNode node) {
        SpecificData data = SpecificData.getForClass(type.avroClass());
        Schema schema = data.getSchema(type.avroClass());
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals(TYPE) && schema.getField(name) == null) {
                throw new EventJsonException("unknown field '" + name + "' for type '" + type.id() + "': expected "
                        + String.join(
                                ", ",
                                schema.getFields().stream()
                                        .map(Schema.Field::name)
                                        .toList()));
            }
        }
        SpecificRecord record = (SpecificRecord) data.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode v = node.get(field.name());
            Schema fieldSchema = nonNull(field.schema());
            boolean optional = fieldSchema != field.schema();
            Object value;
            if (v == null || v.isNull()) {
                if (optional) {
                    value = null;
                } else if (field.hasDefaultValue()) {
                    value = data.deepCopy(field.schema(), data.getDefaultValue(field));
                } else {
                    throw new EventJsonException(
                            "missing required field '" + field.name() + "' for type '" + type.id() + "'");
                }
            } else {
                value = value(field.name(), fieldSchema, v);
            }
            record.put(field.pos(), value);
        }
        return record;
    }

    private static Object value(String name, Schema schema, JsonNode v) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return decimal(name, decimal, v);
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return instant(name, v);
        }
        return switch (schema.getType()) {
            case STRING -> {
                if (!v.isTextual()) {
                    throw new EventJsonException("'" + name + "' must be a string, got " + describe(v));
                }
                yield v.asText();
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw new EventJsonException("'" + name + "' must be true or false, got " + describe(v));
                }
                yield v.booleanValue();
            }
            case INT -> {
                if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                    throw new EventJsonException("'" + name + "' must be a whole number, got " + describe(v));
                }
                yield v.intValue();
            }
            case LONG -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw new EventJsonException("'" + name + "' must be a whole number, got " + describe(v));
                }
                yield v.longValue();
            }
            case ENUM -> {
                List<String> symbols = schema.getEnumSymbols();
                if (!v.isTextual() || !symbols.contains(v.asText())) {
                    throw new EventJsonException(
                            "'" + name + "' must be one of " + String.join(", ", symbols) + ", got " + describe(v));
                }
                yield SpecificData.get().createEnum(v.asText(), schema);
            }
            default ->
                throw new IllegalStateException(
                        "field '" + name + "' has a schema type the JSON form " + "does not handle: " + schema);
        };
    }

    private static BigDecimal decimal(String name, LogicalTypes.Decimal type, JsonNode v) {
        BigDecimal d;
        if (v.isNumber()) {
            d = v.decimalValue();
        } else if (v.isTextual()) {
            try {
                d = new BigDecimal(v.asText().strip());
            } catch (NumberFormatException e) {
                throw new EventJsonException("'" + name + "' is not a number: " + describe(v));
            }
        } else {
            throw new EventJsonException("'" + name + "' must be a number or a string holding one, got " + describe(v));
        }
        BigDecimal exact = d.stripTrailingZeros();
        if (exact.scale() > type.getScale()) {
            throw new EventJsonException(
                    "'" + name + "' has more than " + type.getScale() + " decimal places: " + d.toPlainString());
        }
        BigDecimal scaled = d.setScale(type.getScale());
        if (scaled.precision() > type.getPrecision()) {
            throw new EventJsonException("'" + name + "' is too large: " + d.toPlainString() + " (at most "
                    + (type.getPrecision() - type.getScale()) + " digits before the decimal point)");
        }
        return scaled;
    }

    private static Instant instant(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw new EventJsonException(
                    "'" + name + "' is not an ISO-8601 instant such as \"2026-11-02T09:15:00Z\": " + describe(v));
        }
        String text = v.asText().strip();
        try {
            return IsoInstants.parse(text).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw new EventJsonException(
                    "'" + name + "' is not an ISO-8601 instant such as \"2026-11-02T09:15:00Z\": " + describe(v));
        }
    }

    /**
     * The JSON line of an event: {@code type} first, then the fields in schema order, nulls left out; money as
     * plain numbers, times as ISO instants. {@link #parse} reads it back to an equal event.
     */
    public static String render(InputEvent event) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put(TYPE, event.type().id());
        SpecificRecord record = event.value();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object v = record.get(field.pos());
            if (v == null) {
                continue;
            }
            if (v instanceof BigDecimal d) {
                out.set(field.name(), OutputJson.number(d));
            } else if (v instanceof Instant i) {
                out.put(field.name(), i.toString());
            } else if (v instanceof Boolean b) {
                out.put(field.name(), b);
            } else if (v instanceof Integer n) {
                out.put(field.name(), n);
            } else if (v instanceof Long n) {
                out.put(field.name(), n);
            } else {
                out.put(field.name(), v.toString());
            }
        }
        return OutputJson.write(out);
    }

    /** A line of JSON as a map, for tools and tests. */
    static Map<String, Object> asMap(String line) throws JsonProcessingException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = MAPPER.readValue(line, Map.class);
        return m;
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema s : schema.getTypes()) {
                if (s.getType() != Schema.Type.NULL) {
                    return s;
                }
            }
        }
        return schema;
    }

    static String describe(JsonNode v) {
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        return v.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
