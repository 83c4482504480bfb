package io.pulse.app.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping between configuration keys and environment variables.
 *
 * <ul>
 *   <li>A key of the file becomes {@code PULSE_} + its path in upper snake case: {@code timezone} is
 *       {@code PULSE_TIMEZONE}, {@code streams.grace} is {@code PULSE_STREAMS_GRACE},
 *       {@code streams.applicationId} is {@code PULSE_STREAMS_APPLICATION_ID}, {@code workingTime.from} is
 *       {@code PULSE_WORKING_TIME_FROM}. Values are text as in the file; lists are comma-separated
 *       ({@code PULSE_WORKING_TIME_DAYS=MON,TUE,WED}).</li>
 *   <li>Custom KPIs: {@code PULSE_KPIS_<ID>} sets {@code kpis.<id>} (the id in lower case);
 *       {@code PULSE_KPIS} gives the whole mapping as YAML or JSON text.</li>
 *   <li>Alert rules: {@code PULSE_ALERTS} gives the whole list as YAML or JSON text.</li>
 *   <li>Kafka client properties: {@code KAFKA_} + the property in upper case with dots as underscores:
 *       {@code KAFKA_SASL_MECHANISM} is {@code kafka.sasl.mechanism}, {@code KAFKA_BOOTSTRAP_SERVERS} is
 *       {@code kafka.bootstrap.servers}.</li>
 * </ul>
 *
 * <p>Nested sections work the same way: {@code auth.oidc.issuer} is {@code PULSE_AUTH_OIDC_ISSUER},
 * {@code http.tls.keyStore} is {@code PULSE_HTTP_TLS_KEY_STORE}; {@code PULSE_AUTH_TOKENS} gives the list of
 * static tokens as YAML or JSON text.
 *
 * <p>The environment wins over the file, the file over the defaults. A {@code PULSE_} variable that starts
 * like a section ({@code PULSE_STREAMS_…}) but names no key is an error, so typos do not pass silently;
 * other {@code PULSE_} variables ({@code PULSE_JAVA_OPTS}) are not configuration and are left alone.
 * {@code KAFKA_} variables that name no Kafka client property are ignored with a warning, because other
 * software (Kubernetes service links, Kafka's own images) uses that prefix too.
 */
public final class ConfigKeys {
    public static final String PREFIX = "PULSE_";
    public static final String KAFKA_PREFIX = "KAFKA_";

    /** The top-level keys of the file, in documentation order. */
    public static final List<String> TOP_LEVEL = List.of(
            "timezone",
            "currency",
            "workingTime",
            "pace",
            "kpis",
            "alerts",
            "kafka",
            "registry",
            "streams",
            "topics",
            "http",
            "auth");

    /** Keys whose environment variable holds the whole value as YAML or JSON text ({@code PULSE_AUTH_TOKENS}). */
    static final List<String> STRUCTURED = List.of("kpis", "alerts", "auth.tokens");

    /** Sections with a fixed set of keys, and their keys. */
    public static final Map<String, List<String>> SECTIONS = sections();

    /** Top-level keys that hold one value. */
    static final List<String> SCALARS = List.of("timezone", "currency");

    private ConfigKeys() {}

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("workingTime", ConfigLoader.WORKING_TIME_KEYS);
        m.put("pace", PaceSection.KEYS);
        m.put("registry", RegistrySection.KEYS);
        m.put("streams", StreamsSection.SCALAR_KEYS);
        m.put("streams.retention", StreamsSection.RETENTION_KEYS);
        m.put("topics", TopicsSection.KEYS);
        m.put("http", HttpSection.SCALAR_KEYS);
        m.put("http.tls", TlsSection.KEYS);
        m.put("auth", AuthSection.SCALAR_KEYS);
        m.put("auth.oidc", OidcSection.KEYS);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every fixed key by its full name ({@code streams.grace}), in documentation order. */
    public static List<String> fixedKeys() {
        List<String> keys = new ArrayList<>(SCALARS);
        SECTIONS.forEach((section, names) -> names.forEach(n -> keys.add(section + "." + n)));
        return List.copyOf(keys);
    }

    /** The environment variable of a key: {@code streams.applicationId} → {@code PULSE_STREAMS_APPLICATION_ID}. */
    public static String envName(String key) {
        StringBuilder sb = new StringBuilder(PREFIX);
        sb.append(snake(key.replace('.', '_')));
        return sb.toString();
    }

    /** The environment variable of a Kafka property: {@code sasl.mechanism} → {@code KAFKA_SASL_MECHANISM}. */
    public static String kafkaEnvName(String property) {
        return KAFKA_PREFIX + property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The Kafka property of a {@code KAFKA_} variable: {@code KAFKA_SASL_MECHANISM} → {@code sasl.mechanism}. */
    public static String kafkaProperty(String variable) {
        return variable.substring(KAFKA_PREFIX.length())
                .toLowerCase(Locale.ROOT)
                .replace('_', '.');
    }

    /** camelCase → CAMEL_CASE. */
    static String snake(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)
                    && i > 0
                    && Character.isLetterOrDigit(name.charAt(i - 1))
                    && !Character.isUpperCase(name.charAt(i - 1))) {
                sb.append('_');
            }
            sb.append(Character.toUpperCase(c));
        }
        return sb.toString();
    }
}
