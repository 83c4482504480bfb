package io.pulse.app.config;

import io.pulse.io.kafka.KafkaClientSettings;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code kafka:} Kafka client properties, passed through to every client Pulse makes (the Kafka Streams
 * client, producers of the command line, the admin client of {@code topics create}): {@code bootstrap.servers},
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, and Kafka Streams' own ({@code producer.linger.ms},
 * {@code processing.guarantee}). A name Kafka does not know is an error, so a typo cannot silently leave a
 * connection unsecured. Properties that another Pulse key owns ({@code application.id} is
 * {@code streams.applicationId}) are rejected with the key to use.
 *
 * @param properties property name to value; always has {@code bootstrap.servers}
 */
public record KafkaSection(Map<String, String> properties) {
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    /** Kafka Streams properties that Pulse keys own, with the key to set instead. */
    static final Map<String, String> OWNED = Map.of(
            StreamsConfig.APPLICATION_ID_CONFIG,
            "streams.applicationId",
            StreamsConfig.APPLICATION_SERVER_CONFIG,
            "http.advertisedUrl",
            StreamsConfig.STATE_DIR_CONFIG,
            "streams.stateDir",
            StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
            "streams.standbyReplicas",
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
            "streams.commitInterval",
            StreamsConfig.REPLICATION_FACTOR_CONFIG,
            "streams.replicationFactor",
            StreamsConfig.NUM_STREAM_THREADS_CONFIG,
            "streams.threads",
            "schema.registry.url",
            "registry.url");

    /** Prefixes Kafka Streams uses to aim a property at one of its clients. */
    private static final List<String> CLIENT_PREFIXES = List.of(
            StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX,
            StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX,
            StreamsConfig.ADMIN_CLIENT_PREFIX);

    private static final Set<String> KNOWN = known();

    public KafkaSection {
        Objects.requireNonNull(properties, "properties");
        Map<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String name = e.getKey();
            String problem = problem(name);
            if (problem != null) {
                throw new InvalidConfigException("kafka." + name, problem);
            }
            if (e.getValue() == null) {
                throw new InvalidConfigException("kafka." + name, "has no value");
            }
            copy.put(name, e.getValue());
        }
        copy.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
        if (copy.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).isBlank()) {
            throw new InvalidConfigException("kafka.bootstrap.servers", "must not be empty");
        }
        properties = Collections.unmodifiableMap(copy);
    }

    public static KafkaSection defaults() {
        return new KafkaSection(Map.of());
    }

    /** Whether {@code name} is a Kafka client property Pulse passes through (known, and not owned by a Pulse key). */
    public static boolean isClientProperty(String name) {
        return problem(name) == null;
    }

    /** Why {@code name} cannot be set under {@code kafka:}, or null when it can. */
    static String problem(String name) {
        String owner = OWNED.get(name);
        if (owner != null) {
            return "is set by Pulse from " + owner + "; set that instead";
        }
        if (name.startsWith(StreamsConfig.TOPIC_PREFIX) && name.length() > StreamsConfig.TOPIC_PREFIX.length()) {
            return null; // internal topics' configuration: any topic-level property
        }
        String bare = name;
        for (String prefix : CLIENT_PREFIXES) {
            if (name.startsWith(prefix)) {
                bare = name.substring(prefix.length());
                break;
            }
        }
        return KNOWN.contains(bare)
                ? null
                : "is not a Kafka client property (see the producer, consumer, admin and "
                        + "Kafka Streams configuration references)";
    }

    public String bootstrapServers() {
        return properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The same properties with other bootstrap servers (tests, demo). */
    public KafkaSection withBootstrapServers(String servers) {
        Map<String, String> m = new LinkedHashMap<>(properties);
        m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        return new KafkaSection(m);
    }

    /** Without secrets, for logs. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
        return "KafkaSection" + shown;
    }

    static boolean isSecret(String name) {
        return KafkaClientSettings.isSecret(name);
    }

    private static Set<String> known() {
        Set<String> names = new HashSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        names.addAll(StreamsConfig.configDef().names());
        return Set.copyOf(names);
    }
}
