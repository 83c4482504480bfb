package io.pulse.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulse.core.alert.AlertRules;
import io.pulse.core.alert.ThresholdRule;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.kpi.KpiDefinitionException;
import io.pulse.core.pace.WorkingTime;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link PulseConfig} from a YAML file and the environment ({@link ConfigKeys} documents the mapping):
 * parse the file into a tree, lay the environment over it, then read the tree into validated records.
 */
final class ConfigLoader {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConfigLoader.class);
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    static final List<String> WORKING_TIME_KEYS = List.of("days", "from", "to");

    private ConfigLoader() {}

    static PulseConfig load(Path file, Map<String, String> env) {
        String text = "";
        String where = "configuration";
        if (file != null) {
            where = file.toString();
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new InvalidConfigException(where, "no such configuration file");
            } catch (IOException e) {
                throw new InvalidConfigException(where, "cannot read the configuration file: " + e.getMessage());
            }
        }
        return parse(where, text, env);
    }

    static PulseConfig parse(String where, String yaml, Map<String, String> env) {
        ObjectNode root = parseTree(where, yaml);
        flattenKafka(root);
        Map<String, String> origins = applyEnvironment(root, env);
        try {
            return read(root, origins);
        } catch (InvalidConfigException e) {
            throw e.from(origins.get(e.key()));
        }
    }

    private static ObjectNode parseTree(String where, String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node;
        try {
            node = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidConfigException(where, "not valid YAML" + at + ": " + oneLine(e.getOriginalMessage()));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new InvalidConfigException(
                    where, "the configuration must be a mapping of keys, got " + ConfigReader.describe(node));
        }
        return (ObjectNode) node;
    }

    /** {@code kafka: {sasl: {mechanism: PLAIN}}} and {@code kafka: {sasl.mechanism: PLAIN}} are the same. */
    private static void flattenKafka(ObjectNode root) {
        JsonNode kafka = root.get("kafka");
        if (kafka == null || kafka.isNull()) {
            return;
        }
        if (!kafka.isObject()) {
            throw new InvalidConfigException(
                    "kafka", "must be a mapping of Kafka client properties, got " + ConfigReader.describe(kafka));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", kafka, flat);
        ObjectNode out = root.putObject("kafka");
        flat.forEach(out::put);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = prefix + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(name + ".", v, out);
                continue;
            }
            String value;
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(item.asText()));
                value = String.join(",", items);
            } else if (v.isNull()) {
                throw new InvalidConfigException("kafka." + name, "has no value");
            } else {
                value = v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
            }
            if (out.put(name, value) != null) {
                throw new InvalidConfigException("kafka." + name, "is given twice");
            }
        }
    }

    /** Lays the environment over the tree; returns each overridden key's variable. */
    private static Map<String, String> applyEnvironment(ObjectNode root, Map<String, String> env) {
        Map<String, String> keyByVariable = new HashMap<>();
        for (String key : ConfigKeys.fixedKeys()) {
            keyByVariable.put(ConfigKeys.envName(key), key);
        }
        Map<String, String> origins = new HashMap<>();
        // Sorted, so PULSE_KPIS (the whole mapping) comes before the PULSE_KPIS_<ID> that refine it.
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String variable = e.getKey();
            String value = e.getValue();
            if (variable.startsWith(ConfigKeys.PREFIX)) {
                applyPulseVariable(root, variable, value, keyByVariable, origins);
            } else if (variable.startsWith(ConfigKeys.KAFKA_PREFIX)
                    && variable.length() > ConfigKeys.KAFKA_PREFIX.length()) {
                String property = ConfigKeys.kafkaProperty(variable);
                if (KafkaSection.isClientProperty(property) || KafkaSection.OWNED.containsKey(property)) {
                    root.with("kafka").put(property, value);
                    origins.put("kafka." + property, variable);
                } else {
                    LOGGER.warn(
                            "Ignoring environment variable {}: {} is not a Kafka client property", variable, property);
                }
            }
        }
        return Collections.unmodifiableMap(origins);
    }

    private static void applyPulseVariable(
            ObjectNode root,
            String variable,
            String value,
            Map<String, String> keyByVariable,
            Map<String, String> origins) {
        String key = keyByVariable.get(variable);
        if (key != null) {
            int dot = key.lastIndexOf('.');
            ObjectNode parent = dot < 0 ? root : sectionOf(root, key.substring(0, dot));
            parent.set(dot < 0 ? key : key.substring(dot + 1), TextNode.valueOf(value));
            origins.put(key, variable);
            return;
        }
        for (String structured : ConfigKeys.STRUCTURED) {
            if (variable.equals(ConfigKeys.envName(structured))) {
                int dot = structured.lastIndexOf('.');
                ObjectNode parent = dot < 0 ? root : sectionOf(root, structured.substring(0, dot));
                parent.set(
                        dot < 0 ? structured : structured.substring(dot + 1), parseValue(structured, variable, value));
                origins.put(structured, variable);
                return;
            }
        }
        String kpis = ConfigKeys.envName("kpis");
        if (variable.startsWith(kpis + "_") && variable.length() > kpis.length() + 1) {
            String id = variable.substring(kpis.length() + 1).toLowerCase(Locale.ROOT);
            sectionOf(root, "kpis").put(id, value);
            origins.put("kpis." + id, variable);
            return;
        }
        for (Map.Entry<String, List<String>> section : ConfigKeys.SECTIONS.entrySet()) {
            String sectionVariable = ConfigKeys.envName(section.getKey());
            if (variable.startsWith(sectionVariable + "_")) {
                List<String> known = section.getValue().stream()
                        .map(k -> ConfigKeys.envName(section.getKey() + "." + k))
                        .toList();
                throw new InvalidConfigException(
                        variable,
                        "no such setting; the " + section.getKey() + " settings are " + String.join(", ", known));
            }
        }
        // Not configuration (PULSE_JAVA_OPTS, PULSE_IT_KAFKA, ...): not ours to judge.
    }

    /** The mapping at a dotted path ({@code auth.oidc}), created where missing. */
    private static ObjectNode sectionOf(ObjectNode root, String section) {
        ObjectNode node = root;
        String path = "";
        for (String part : section.split("\\.")) {
            path = path.isEmpty() ? part : path + "." + part;
            JsonNode existing = node.get(part);
            if (existing != null && !existing.isNull() && !existing.isObject()) {
                throw new InvalidConfigException(
                        path, "must be a mapping of keys, got " + ConfigReader.describe(existing));
            }
            node = node.with(part);
        }
        return node;
    }

    private static JsonNode parseValue(String key, String variable, String value) {
        try {
            JsonNode node = YAML.readTree(value);
            return node == null ? JsonNodeFactory.instance.nullNode() : node;
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(
                    key, variable, "not valid YAML or JSON: " + oneLine(e.getOriginalMessage()));
        }
    }

    private static PulseConfig read(ObjectNode tree, Map<String, String> origins) {
        ConfigReader root = ConfigReader.root(tree, ConfigKeys.TOP_LEVEL, origins);
        root.finish();
        Map<String, String> kpis = kpis(root);
        return new PulseConfig(
                root.zone("timezone", PulseConfig.DEFAULT_TIMEZONE),
                root.text("currency", PulseConfig.DEFAULT_CURRENCY),
                workingTime(root.section("workingTime", WORKING_TIME_KEYS)),
                PaceSection.read(root.section("pace", PaceSection.KEYS)),
                kpis,
                alerts(root, catalog(root, kpis)),
                new KafkaSection(kafka(root)),
                RegistrySection.read(root.section("registry", RegistrySection.KEYS)),
                StreamsSection.read(root.section("streams", StreamsSection.KEYS)),
                TopicsSection.read(root.section("topics", TopicsSection.KEYS)),
                HttpSection.read(root.section("http", HttpSection.KEYS)),
                AuthSection.read(root.section("auth", AuthSection.KEYS)));
    }

    private static Map<String, String> kpis(ConfigReader root) {
        JsonNode node = root.value("kpis");
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            throw root.error("kpis", "must be a mapping of KPI id to expression, got " + ConfigReader.describe(node));
        }
        node.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v == null || v.isNull() || !v.isValueNode()) {
                throw root.error(
                        "kpis." + f.getKey(),
                        "must be an expression such as \"3*orders + qualified_leads\", got "
                                + ConfigReader.describe(v));
            }
            out.put(f.getKey(), v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText());
        });
        return out;
    }

    /** The catalog the alert rules may name; a bad custom KPI is reported here, before any rule names it. */
    private static KpiCatalog catalog(ConfigReader root, Map<String, String> kpis) {
        try {
            return KpiCatalog.builtIn().withCustom(kpis);
        } catch (KpiDefinitionException e) {
            throw root.error(kpis.containsKey(e.kpiId()) ? "kpis." + e.kpiId() : "kpis", e.getMessage());
        }
    }

    private static Map<String, String> kafka(ConfigReader root) {
        JsonNode node = root.value("kafka");
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        }
        return out;
    }

    /**
     * {@code workingTime:} read here (lists may be comma-separated text from the environment), checked by
     * pulse-core's {@link WorkingTime}; {@code to: "24:00"} is the end of the day.
     */
    private static WorkingTime workingTime(ConfigReader r) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> dayNames = r.list("days", null);
        if (dayNames == null) {
            days.addAll(WorkingTime.DEFAULT.days());
        } else {
            for (String d : dayNames) {
                days.add(day(r, d));
            }
            if (days.isEmpty()) {
                throw r.error("days", "at least one working day is required");
            }
        }
        String to = r.text("to", null);
        LocalTime end = to != null && (to.equals("24:00") || to.equals("24:00:00"))
                ? LocalTime.MIDNIGHT
                : r.time("to", WorkingTime.DEFAULT.to());
        LocalTime start = r.time("from", WorkingTime.DEFAULT.from());
        r.finish();
        try {
            return new WorkingTime(days, start, end);
        } catch (IllegalArgumentException e) {
            throw r.error(
                    "to",
                    "'" + end + "' must be after workingTime.from '" + start
                            + "' (\"24:00\" is the end of the day; working time over midnight is not supported)");
        }
    }

    private static DayOfWeek day(ConfigReader r, String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || d.name().substring(0, 3).equals(t)) {
                return d;
            }
        }
        throw r.error("days", "'" + text + "' is not a day of the week such as MON or MONDAY");
    }

    /** {@code alerts:} parsed by pulse-core's {@link AlertRules}, one rule at a time so the error names its index. */
    private static List<ThresholdRule> alerts(ConfigReader root, KpiCatalog catalog) {
        JsonNode node = root.value("alerts");
        List<ThresholdRule> rules = new ArrayList<>();
        if (node == null) {
            return rules;
        }
        if (!node.isArray()) {
            throw root.error("alerts", "must be a list of rules, got " + ConfigReader.describe(node));
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode rule = node.get(i);
            String at = "alerts[" + i + "]";
            if (rule == null || !rule.isObject()) {
                throw root.error(
                        at,
                        "must be a mapping with name, kpi, scope, period or window, condition, "
                                + "minSample, severity; got " + ConfigReader.describe(rule));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) plain(rule);
            ThresholdRule parsed;
            try {
                parsed = AlertRules.parse(List.of(plain), catalog).get(0);
            } catch (IllegalArgumentException e) {
                throw root.error(at, e.getMessage());
            }
            Integer earlier = names.putIfAbsent(parsed.name(), i);
            if (earlier != null) {
                throw root.error(
                        at + ".name", "'" + parsed.name() + "' is already the name of alerts[" + earlier + "]");
            }
            rules.add(parsed);
        }
        return rules;
    }

    /** A tree as immutable maps, lists, strings, BigDecimals and Booleans. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            node.fields().forEachRemaining(f -> m.put(f.getKey(), plain(f.getValue())));
            return Collections.unmodifiableMap(m);
        }
        if (node.isArray()) {
            List<Object> l = new ArrayList<>();
            node.forEach(item -> l.add(plain(item)));
            return Collections.unmodifiableList(l);
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : new BigDecimal(node.asText());
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
