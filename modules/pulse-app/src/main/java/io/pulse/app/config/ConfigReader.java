package io.pulse.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the keys of one mapping of the configuration tree (the root or a section such as {@code streams}),
 * converting text and YAML scalars to typed values. Every error names the key's full name and, when the value
 * came from an environment variable, that variable. {@link #finish()} rejects keys the section does not know.
 */
final class ConfigReader {
    private final String prefix;
    private final JsonNode node;
    private final List<String> keys;
    private final Map<String, String> origins;

    /**
     * @param prefix  the section's name and a dot ({@code streams.}), or empty for the root
     * @param node    the mapping, or a missing node when the section is absent
     * @param keys    every key the section has; reading another is a programming error
     * @param origins full key to the environment variable its value came from
     */
    ConfigReader(String prefix, JsonNode node, List<String> keys, Map<String, String> origins) {
        this.prefix = prefix;
        this.node = node == null ? MissingNode.getInstance() : node;
        this.keys = List.copyOf(keys);
        this.origins = Objects.requireNonNull(origins, "origins");
    }

    /** The root of a configuration tree. */
    static ConfigReader root(JsonNode root, List<String> keys, Map<String, String> origins) {
        if (root != null && !root.isMissingNode() && !root.isNull() && !root.isObject()) {
            throw new InvalidConfigException(
                    "(file)", "the configuration must be a mapping of keys, got " + describe(root));
        }
        return new ConfigReader("", root, keys, origins);
    }

    /** The full name of one of this section's keys. */
    String key(String name) {
        return prefix + name;
    }

    /** An error about one of this section's keys, naming the environment variable its value came from. */
    InvalidConfigException error(String name, String problem) {
        String full = key(name);
        return new InvalidConfigException(full, origins.get(full), problem);
    }

    /** A sub-section (a mapping) of this one, empty when absent. */
    ConfigReader section(String name, List<String> sectionKeys) {
        JsonNode v = value(name);
        if (v != null && !v.isObject()) {
            throw error(name, "must be a mapping of keys, got " + describe(v));
        }
        return new ConfigReader(key(name) + ".", v, sectionKeys, origins);
    }

    /** Item {@code index} of the list {@code name}, a mapping with {@code itemKeys} ({@code auth.tokens[0].}). */
    ConfigReader item(String name, int index, List<String> itemKeys) {
        JsonNode list = value(name);
        JsonNode v = list == null ? null : list.get(index);
        String at = name + "[" + index + "]";
        if (v == null || !v.isObject()) {
            throw error(at, "must be a mapping with " + String.join(", ", itemKeys) + "; got " + describe(v));
        }
        return new ConfigReader(key(at) + ".", v, itemKeys, origins);
    }

    /** The raw node of a key, or null when absent or null. */
    JsonNode value(String name) {
        if (!keys.contains(name)) {
            throw new IllegalStateException("key " + key(name) + " is read but not declared");
        }
        JsonNode v = node.get(name);
        return v == null || v.isNull() || v.isMissingNode() ? null : v;
    }

    String text(String name, String defaultValue) {
        JsonNode v = value(name);
        if (v == null) {
            return defaultValue;
        }
        String s = scalar(name, v).strip();
        return s.isEmpty() ? defaultValue : s;
    }

    int integer(String name, int defaultValue) {
        JsonNode v = value(name);
        if (v == null) {
            return defaultValue;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        String s = scalar(name, v).strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(name, "'" + s + "' is not a whole number");
        }
    }

    boolean bool(String name, boolean defaultValue) {
        JsonNode v = value(name);
        if (v == null) {
            return defaultValue;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = scalar(name, v).strip();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw error(name, "'" + s + "' is not true or false");
    }

    BigDecimal decimal(String name, BigDecimal defaultValue) {
        JsonNode v = value(name);
        if (v == null) {
            return defaultValue;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        String s = scalar(name, v).strip();
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw error(name, "'" + s + "' is not a number");
        }
    }

    Duration duration(String name, Duration defaultValue) {
        JsonNode v = value(name);
        if (v == null) {
            return defaultValue;
        }
        String s = scalar(name, v).strip();
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw error(name, "'" + s + "' is not an ISO-8601 duration such as PT10M, PT1H or P7D");
        }
    }

    ZoneId zone(String name, ZoneId defaultValue) {
        JsonNode v = value(name);
        if (v == null) {
            return defaultValue;
        }
        String s = scalar(name, v).strip();
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            throw error(name, "'" + s + "' is not a time zone such as Europe/Moscow, UTC or +03:00");
        }
    }

    LocalTime time(String name, LocalTime defaultValue) {
        JsonNode v = value(name);
        if (v == null) {
            return defaultValue;
        }
        // A number (9.30, or 540 from a YAML 1.1 reader's sexagesimal 09:00) is not a time; ask for text.
        if (v.isNumber()) {
            throw error(name, "'" + v.asText() + "' is not a time of day; write it quoted, such as \"09:00\"");
        }
        String s = scalar(name, v).strip();
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw error(name, "'" + s + "' is not a time of day such as \"09:00\"");
        }
    }

    /** A YAML list of values, or comma-separated text (the form environment variables use). */
    List<String> list(String name, List<String> defaultValue) {
        JsonNode v = value(name);
        if (v == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                if (item == null || item.isNull() || !item.isValueNode()) {
                    throw error(name, "item #" + (i + 1) + " must be a single value, got " + describe(item));
                }
                out.add(item.asText().strip());
            }
        } else {
            for (String part : scalar(name, v).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    /** Rejects keys of this section that nobody declared. */
    void finish() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw error(
                        name,
                        "unknown key; "
                                + (prefix.isEmpty()
                                        ? "the top-level keys"
                                        : "the keys of " + prefix.substring(0, prefix.length() - 1))
                                + " are " + String.join(", ", keys));
            }
        }
    }

    private String scalar(String name, JsonNode v) {
        if (!v.isValueNode()) {
            throw error(name, "must be a single value, got " + describe(v));
        }
        return v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
    }

    static String describe(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "'" + v.asText() + "'";
    }
}
