package io.pulse.io.topics;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One topic as Pulse wants it created.
 *
 * @param name              the topic name
 * @param partitions        its partition count
 * @param replicationFactor its replicas, or {@link TopicSettings#BROKER_DEFAULT_REPLICATION}
 * @param configs           topic-level configuration ({@code cleanup.policy}, {@code retention.ms}, ...)
 * @param purpose           one line for people reading {@code topics create}'s output
 */
public record PlannedTopic(
        String name, int partitions, short replicationFactor, Map<String, String> configs, String purpose) {

    public PlannedTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(purpose, "purpose");
        configs = Map.copyOf(configs);
    }

    /** The value of {@code cleanup.policy}: {@code delete}, {@code compact} or {@code compact,delete}. */
    public String cleanupPolicy() {
        return configs.getOrDefault(TopicPlanner.CLEANUP_POLICY, TopicPlanner.DELETE);
    }

    /** The request that creates this topic. */
    public NewTopic toNewTopic() {
        Optional<Short> replicas = replicationFactor == TopicSettings.BROKER_DEFAULT_REPLICATION
                ? Optional.empty()
                : Optional.of(replicationFactor);
        return new NewTopic(name, Optional.of(partitions), replicas).configs(new TreeMap<>(configs));
    }
}
