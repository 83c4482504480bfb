package io.pulse.io.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What a producer, a consumer or an admin client of Pulse's tools needs to reach the cluster: the bootstrap
 * servers and the connection's security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), with
 * any other client property. The service builds it from its {@code kafka:} section ({@code PulseConfig.kafkaClients()});
 * development tools from their embedded broker. Each client gets only the properties it understands, so a Kafka
 * Streams property among them does not make it warn.
 *
 * <pre>{@code
 * KafkaClientSettings clients = KafkaClientSettings.of(broker.clientProperties());
 * try (Admin admin = Admin.create(clients.adminProperties())) { ... }
 * }</pre>
 *
 * @param properties client property name to value; always has {@code bootstrap.servers}
 */
public record KafkaClientSettings(Map<String, String> properties) {
    public KafkaClientSettings {
        Objects.requireNonNull(properties, "properties");
        String servers = properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("Kafka clients need " + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        }
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** The settings of {@code properties}, values as text (an embedded broker's {@code clientProperties()}). */
    public static KafkaClientSettings of(Map<String, ?> properties) {
        Map<String, String> m = new LinkedHashMap<>();
        properties.forEach((k, v) -> m.put(k, String.valueOf(v)));
        return new KafkaClientSettings(m);
    }

    public String bootstrapServers() {
        return properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The same settings with one more property (a tool's own tuning, such as {@code linger.ms}). */
    public KafkaClientSettings with(String name, Object value) {
        Map<String, String> m = new LinkedHashMap<>(properties);
        m.put(name, String.valueOf(value));
        return new KafkaClientSettings(m);
    }

    /**
     * An idempotent producer's properties: acks=all and idempotence always; lz4 and a 5 ms linger unless the
     * settings say otherwise.
     */
    public Map<String, Object> producerProperties() {
        Map<String, Object> m = only(ProducerConfig.configNames());
        m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        m.put(ProducerConfig.ACKS_CONFIG, "all");
        m.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        m.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return m;
    }

    /** The properties a plain consumer understands; the caller adds its group and offsets policy. */
    public Map<String, Object> consumerProperties() {
        return only(ConsumerConfig.configNames());
    }

    /** The properties an admin client understands. */
    public Map<String, Object> adminProperties() {
        return only(AdminClientConfig.configNames());
    }

    private Map<String, Object> only(Set<String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (names.contains(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** The servers and the names of the other properties, never their values (passwords, JAAS configurations). */
    @Override
    public String toString() {
        return "KafkaClientSettings[" + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + "=" + bootstrapServers()
                + ", also "
                + properties.keySet().stream()
                        .filter(k -> !k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))
                        .toList()
                + "]";
    }

    /** Whether a client property holds a credential (a password, a JAAS line, a key or a token). */
    public static boolean isSecret(String name) {
        return name.contains("password")
                || name.contains("jaas")
                || name.contains("secret")
                || name.endsWith(".key")
                || name.contains("token")
                || name.contains("keystore.key")
                || name.contains("credentials");
    }
}
