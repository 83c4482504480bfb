package io.pulse.serde;

import io.pulse.serde.registry.RegistryClientConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the Avro serde: immutable, validated on construction, built either from
 * Kafka-style properties with {@link #fromMap(Map)} (the keys below, named like Confluent's so
 * existing configurations carry over) or in code with {@link #builder()}.
 *
 * <p>{@value #AUTO_REGISTER_SCHEMAS} defaults to true, which suits development and tests.
 * Production sets it to false: schemas are registered by the deployment, and a producer whose
 * schema is not registered fails with an error naming the subject instead of changing the
 * registry.
 *
 * @param registry how to reach the registry
 * @param autoRegister register unknown schemas when serializing (true) or only look them up
 * @param keySubjectNameStrategy subject naming for keys
 * @param valueSubjectNameStrategy subject naming for values
 * @param specificReader deserialize into generated classes found by the writer schema's name
 * @param specificKeyType the generated class keys deserialize into, or null
 * @param specificValueType the generated class values deserialize into, or null
 * @param removeJavaProperties register schemas without the Java-only {@code avro.java.string}
 *     property, so their text equals the .avsc file's
 * @param useLogicalTypeConverters generic records carry BigDecimal, Instant, LocalDate, UUID for
 *     logical types instead of raw bytes and numbers
 */
public record AvroSerdeConfig(
        RegistryClientConfig registry,
        boolean autoRegister,
        SubjectNameStrategy keySubjectNameStrategy,
        SubjectNameStrategy valueSubjectNameStrategy,
        boolean specificReader,
        Class<?> specificKeyType,
        Class<?> specificValueType,
        boolean removeJavaProperties,
        boolean useLogicalTypeConverters) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SUBJECT_NAME_STRATEGY = "subject.name.strategy";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    public static final String AVRO_REMOVE_JAVA_PROPERTIES = "avro.remove.java.properties";
    public static final String AVRO_USE_LOGICAL_TYPE_CONVERTERS = "avro.use.logical.type.converters";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String RETRIES = "schema.registry.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
    public static final String CACHE_CAPACITY = "schema.registry.cache.capacity";

    public static final boolean DEFAULT_AUTO_REGISTER = true;
    public static final SubjectNameStrategy DEFAULT_SUBJECT_NAME_STRATEGY = SubjectNameStrategy.TOPIC;

    private static final ConfigDef.Validator STRATEGY = (name, value) -> {
        if (value != null) {
            try {
                SubjectNameStrategy.parse(value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }
    };

    /** Every key with its type, default and documentation. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    SCHEMA_REGISTRY_URL,
                    Type.LIST,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Importance.HIGH,
                    "Comma-separated base URLs of the schema registry, tried in order with fail-over; "
                            + "mem://<scope> for the in-JVM registry shared per scope (tests).")
            .define(
                    AUTO_REGISTER_SCHEMAS,
                    Type.BOOLEAN,
                    DEFAULT_AUTO_REGISTER,
                    Importance.HIGH,
                    "Register a schema the registry does not know when serializing. True for development; "
                            + "production sets false so only the deployment changes the registry.")
            .define(
                    SUBJECT_NAME_STRATEGY,
                    Type.STRING,
                    DEFAULT_SUBJECT_NAME_STRATEGY.configValue(),
                    STRATEGY,
                    Importance.MEDIUM,
                    "topic (<topic>-key/-value), record (record full name) or topic_record.")
            .define(
                    KEY_SUBJECT_NAME_STRATEGY,
                    Type.STRING,
                    null,
                    STRATEGY,
                    Importance.LOW,
                    "Overrides subject.name.strategy for keys.")
            .define(
                    VALUE_SUBJECT_NAME_STRATEGY,
                    Type.STRING,
                    null,
                    STRATEGY,
                    Importance.LOW,
                    "Overrides subject.name.strategy for values.")
            .define(
                    BASIC_AUTH_USER_INFO,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "user:password for HTTP basic authentication to the registry.")
            .define(
                    BEARER_AUTH_TOKEN,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "Bearer token for the registry (not together with basic auth).")
            .define(
                    SSL_TRUSTSTORE_LOCATION,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "Trust store with the registry's CA or certificate for https URLs; default: the JDK's.")
            .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Trust store password.")
            .define(
                    SSL_TRUSTSTORE_TYPE,
                    Type.STRING,
                    RegistryClientConfig.DEFAULT_TRUST_STORE_TYPE,
                    Importance.LOW,
                    "Trust store type: PKCS12 or JKS.")
            .define(
                    SPECIFIC_AVRO_READER,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Deserialize into the generated class named like the writer schema instead of GenericRecord.")
            .define(
                    SPECIFIC_AVRO_KEY_TYPE,
                    Type.CLASS,
                    null,
                    Importance.MEDIUM,
                    "Generated class keys are read into (its schema is the reader schema).")
            .define(
                    SPECIFIC_AVRO_VALUE_TYPE,
                    Type.CLASS,
                    null,
                    Importance.MEDIUM,
                    "Generated class values are read into (its schema is the reader schema).")
            .define(
                    AVRO_REMOVE_JAVA_PROPERTIES,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Register schemas without the Java-only avro.java.string property.")
            .define(
                    AVRO_USE_LOGICAL_TYPE_CONVERTERS,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Generic records use BigDecimal, Instant and the like for logical types.")
            .define(
                    CONNECT_TIMEOUT_MS,
                    Type.INT,
                    (int) RegistryClientConfig.DEFAULT_CONNECT_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Registry connect timeout.")
            .define(
                    REQUEST_TIMEOUT_MS,
                    Type.INT,
                    (int) RegistryClientConfig.DEFAULT_REQUEST_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Timeout of one registry request.")
            .define(
                    RETRIES,
                    Type.INT,
                    RegistryClientConfig.DEFAULT_RETRIES,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "Retries (with back-off) after every URL was tried once; only 5xx answers and I/O errors are retried.")
            .define(
                    RETRY_BACKOFF_MS,
                    Type.LONG,
                    RegistryClientConfig.DEFAULT_RETRY_BACKOFF.toMillis(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "First retry back-off; doubles per retry.")
            .define(
                    RETRY_BACKOFF_MAX_MS,
                    Type.LONG,
                    RegistryClientConfig.DEFAULT_RETRY_BACKOFF_MAX.toMillis(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Longest retry back-off.")
            .define(
                    CACHE_CAPACITY,
                    Type.INT,
                    RegistryClientConfig.DEFAULT_CACHE_CAPACITY,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Entries per registry client cache.");

    public AvroSerdeConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(keySubjectNameStrategy, "keySubjectNameStrategy");
        Objects.requireNonNull(valueSubjectNameStrategy, "valueSubjectNameStrategy");
    }

    /** The subject naming for keys or values. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    /** The generated class keys or values are read into, or null. */
    public Class<?> specificType(boolean isKey) {
        return isKey ? specificKeyType : specificValueType;
    }

    /**
     * Reads Kafka-style properties; unknown keys are ignored (they belong to the producer or
     * consumer).
     *
     * @throws ConfigException naming the key of a missing or bad value
     */
    public static AvroSerdeConfig fromMap(Map<String, ?> properties) {
        Map<String, Object> v = CONFIG_DEF.parse(properties);
        SubjectNameStrategy common = SubjectNameStrategy.parse((String) v.get(SUBJECT_NAME_STRATEGY));
        RegistryClientConfig registry;
        try {
            registry = new RegistryClientConfig(
                    castList(v.get(SCHEMA_REGISTRY_URL)),
                    secret(v.get(BASIC_AUTH_USER_INFO)),
                    secret(v.get(BEARER_AUTH_TOKEN)),
                    (String) v.get(SSL_TRUSTSTORE_LOCATION),
                    secret(v.get(SSL_TRUSTSTORE_PASSWORD)),
                    (String) v.get(SSL_TRUSTSTORE_TYPE),
                    Duration.ofMillis((Integer) v.get(CONNECT_TIMEOUT_MS)),
                    Duration.ofMillis((Integer) v.get(REQUEST_TIMEOUT_MS)),
                    (Integer) v.get(RETRIES),
                    Duration.ofMillis((Long) v.get(RETRY_BACKOFF_MS)),
                    Duration.ofMillis((Long) v.get(RETRY_BACKOFF_MAX_MS)),
                    (Integer) v.get(CACHE_CAPACITY));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid schema registry configuration (" + SCHEMA_REGISTRY_URL + " and "
                    + "related keys): " + e.getMessage());
        }
        return new AvroSerdeConfig(
                registry,
                (Boolean) v.get(AUTO_REGISTER_SCHEMAS),
                strategyOr(v.get(KEY_SUBJECT_NAME_STRATEGY), common),
                strategyOr(v.get(VALUE_SUBJECT_NAME_STRATEGY), common),
                (Boolean) v.get(SPECIFIC_AVRO_READER),
                (Class<?>) v.get(SPECIFIC_AVRO_KEY_TYPE),
                (Class<?>) v.get(SPECIFIC_AVRO_VALUE_TYPE),
                (Boolean) v.get(AVRO_REMOVE_JAVA_PROPERTIES),
                (Boolean) v.get(AVRO_USE_LOGICAL_TYPE_CONVERTERS));
    }

    /** The same configuration as Kafka-style properties ({@link #fromMap} reads it back). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SCHEMA_REGISTRY_URL, String.join(",", registry.urls()));
        m.put(AUTO_REGISTER_SCHEMAS, autoRegister);
        m.put(KEY_SUBJECT_NAME_STRATEGY, keySubjectNameStrategy.configValue());
        m.put(VALUE_SUBJECT_NAME_STRATEGY, valueSubjectNameStrategy.configValue());
        putIfSet(m, BASIC_AUTH_USER_INFO, registry.basicAuthUserInfo());
        putIfSet(m, BEARER_AUTH_TOKEN, registry.bearerToken());
        putIfSet(m, SSL_TRUSTSTORE_LOCATION, registry.trustStoreLocation());
        putIfSet(m, SSL_TRUSTSTORE_PASSWORD, registry.trustStorePassword());
        m.put(SSL_TRUSTSTORE_TYPE, registry.trustStoreType());
        m.put(SPECIFIC_AVRO_READER, specificReader);
        putIfSet(m, SPECIFIC_AVRO_KEY_TYPE, specificKeyType == null ? null : specificKeyType.getName());
        putIfSet(m, SPECIFIC_AVRO_VALUE_TYPE, specificValueType == null ? null : specificValueType.getName());
        m.put(AVRO_REMOVE_JAVA_PROPERTIES, removeJavaProperties);
        m.put(AVRO_USE_LOGICAL_TYPE_CONVERTERS, useLogicalTypeConverters);
        m.put(CONNECT_TIMEOUT_MS, (int) registry.connectTimeout().toMillis());
        m.put(REQUEST_TIMEOUT_MS, (int) registry.requestTimeout().toMillis());
        m.put(RETRIES, registry.retries());
        m.put(RETRY_BACKOFF_MS, registry.retryBackoff().toMillis());
        m.put(RETRY_BACKOFF_MAX_MS, registry.retryBackoffMax().toMillis());
        m.put(CACHE_CAPACITY, registry.cacheCapacity());
        return m;
    }

    /** Without credentials, for logs. */
    @Override
    public String toString() {
        return "AvroSerdeConfig[registry=" + registry + ", autoRegister=" + autoRegister
                + ", subjects=" + keySubjectNameStrategy.configValue() + "/" + valueSubjectNameStrategy.configValue()
                + ", specificReader=" + specificReader + ", keyType=" + specificKeyType
                + ", valueType=" + specificValueType + "]";
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    private static String secret(Object value) {
        return value == null ? null : ((Password) value).value();
    }

    private static SubjectNameStrategy strategyOr(Object value, SubjectNameStrategy fallback) {
        return value == null ? fallback : SubjectNameStrategy.parse((String) value);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A typed builder for code; defaults as for {@link #fromMap}. */
    public static final class Builder {
        private final RegistryClientConfig.Builder registry = RegistryClientConfig.builder();
        private boolean autoRegister = DEFAULT_AUTO_REGISTER;
        private SubjectNameStrategy keyStrategy = DEFAULT_SUBJECT_NAME_STRATEGY;
        private SubjectNameStrategy valueStrategy = DEFAULT_SUBJECT_NAME_STRATEGY;
        private boolean specificReader;
        private Class<?> specificKeyType;
        private Class<?> specificValueType;
        private boolean removeJavaProperties = true;
        private boolean useLogicalTypeConverters = true;

        private Builder() {}

        /** One or more base URLs, or a single {@code mem://<scope>}. */
        public Builder registryUrls(String... urls) {
            registry.urls(urls);
            return this;
        }

        public Builder autoRegister(boolean autoRegister) {
            this.autoRegister = autoRegister;
            return this;
        }

        public Builder subjectNameStrategy(SubjectNameStrategy strategy) {
            this.keyStrategy = strategy;
            this.valueStrategy = strategy;
            return this;
        }

        public Builder keySubjectNameStrategy(SubjectNameStrategy strategy) {
            this.keyStrategy = strategy;
            return this;
        }

        public Builder valueSubjectNameStrategy(SubjectNameStrategy strategy) {
            this.valueStrategy = strategy;
            return this;
        }

        public Builder basicAuth(String user, String password) {
            registry.basicAuth(user, password);
            return this;
        }

        public Builder bearerToken(String token) {
            registry.bearerToken(token);
            return this;
        }

        public Builder trustStore(String location, String password, String type) {
            registry.trustStore(location, password, type);
            return this;
        }

        public Builder timeouts(Duration connect, Duration request) {
            registry.connectTimeout(connect).requestTimeout(request);
            return this;
        }

        public Builder retries(int retries, Duration firstBackoff, Duration maxBackoff) {
            registry.retries(retries).retryBackoff(firstBackoff, maxBackoff);
            return this;
        }

        public Builder cacheCapacity(int capacity) {
            registry.cacheCapacity(capacity);
            return this;
        }

        public Builder specificReader(boolean specificReader) {
            this.specificReader = specificReader;
            return this;
        }

        public Builder specificKeyType(Class<?> type) {
            this.specificKeyType = type;
            return this;
        }

        public Builder specificValueType(Class<?> type) {
            this.specificValueType = type;
            return this;
        }

        public Builder removeJavaProperties(boolean remove) {
            this.removeJavaProperties = remove;
            return this;
        }

        public Builder useLogicalTypeConverters(boolean use) {
            this.useLogicalTypeConverters = use;
            return this;
        }

        public AvroSerdeConfig build() {
            return new AvroSerdeConfig(
                    registry.build(),
                    autoRegister,
                    keyStrategy,
                    valueStrategy,
                    specificReader,
                    specificKeyType,
                    specificValueType,
                    removeJavaProperties,
                    useLogicalTypeConverters);
        }
    }
}
