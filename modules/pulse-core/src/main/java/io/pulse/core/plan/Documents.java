package io.pulse.core.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads YAML or JSON data files (plans, directory) into trees with exact decimals and strict duplicate-key
 * detection, and offers field readers whose errors are one line naming where the problem is.
 */
final class Documents {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Documents() {}

    /** Parses YAML, and so JSON too (a JSON document is a YAML flow document). */
    static JsonNode parse(String what, String text) {
        if (text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = YAML.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new PlanException(
                    what + ": not valid YAML or JSON" + where + ": " + oneLine(e.getOriginalMessage()), e);
        }
    }

    static String read(String what, Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlanException(
                    "cannot read " + what + " from " + path + ": " + oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** The elements of a top-level list, or the single top-level object as a one-element list. */
    static List<JsonNode> listOrSingle(String what, JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        if (root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (root.isArray()) {
            root.forEach(out::add);
        } else if (root.isObject()) {
            out.add(root);
        } else {
            throw new PlanException(what + ": expected a list of entries or a single entry, got " + describe(root));
        }
        return out;
    }

    static void rejectUnknownFields(String where, JsonNode node, Set<String> known, String knownList) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new PlanException(where + ": unknown field '" + name + "' (known: " + knownList + ")");
            }
        }
    }

    /** A text field; {@code null} when absent or null. Numbers are accepted as their text (ids like 17). */
    static String text(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual() || v.isIntegralNumber()) {
            return v.asText();
        }
        throw new PlanException(where + ": '" + field + "' must be text, got " + describe(v));
    }

    static String requiredText(String where, JsonNode node, String field) {
        String s = text(where, node, field);
        if (s == null || s.isBlank()) {
            throw new PlanException(where + ": '" + field + "' is required");
        }
        return s.strip();
    }

    /** An exact decimal field; {@code null} when absent or null. Numeric text ("1000.50") is accepted. */
    static BigDecimal decimal(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().strip());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new PlanException(where + ": '" + field + "' must be a number, got " + describe(v));
    }

    /** An enumerated field parsed by {@code parser}; its IllegalArgumentException becomes a PlanException. */
    static <T> T parsed(String where, JsonNode node, String field, Function<String, T> parser) {
        String s = text(where, node, field);
        if (s == null) {
            return null;
        }
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException e) {
            throw new PlanException(where + ": '" + field + "': " + e.getMessage());
        }
    }

    static String describe(JsonNode v) {
        String s = v.isTextual()
                ? "'" + v.asText() + "'"
                : v.isContainerNode() ? (v.isArray() ? "a list" : "an object") : v.toString();
        return oneLine(s.length() > 60 ? s.substring(0, 57) + "..." : s);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
