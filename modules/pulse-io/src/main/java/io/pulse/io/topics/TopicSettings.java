package io.pulse.io.topics;

import java.time.Duration;
import java.util.Objects;

/**
 * How Pulse's topics are created: partitions, replication and retention.
 *
 * @param partitions        partitions of every topic; one count for all keeps inputs, control
 *                          topics and outputs co-partitioned
 * @param replicationFactor replicas of every topic, or {@link #BROKER_DEFAULT_REPLICATION} to use
 *                          the cluster's {@code default.replication.factor}
 * @param eventRetention    how long input events are kept; at least the dedupe horizon (SPEC §2)
 *                          so replays within it are recognised
 * @param outputRetention   how long KPI values, final values and alerts are kept
 * @param rejectedRetention how long the dead-letter and late-event topics are kept
 */
public record TopicSettings(
        int partitions,
        short replicationFactor,
        Duration eventRetention,
        Duration outputRetention,
        Duration rejectedRetention) {

    /** Ask the cluster for its {@code default.replication.factor} (Kafka's own sentinel). */
    public static final short BROKER_DEFAULT_REPLICATION = -1;

    public static final int DEFAULT_PARTITIONS = 6;
    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_OUTPUT_RETENTION = Duration.ofDays(90);
    public static final Duration DEFAULT_REJECTED_RETENTION = Duration.ofDays(30);

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("topics.partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT_REPLICATION) {
            throw new IllegalArgumentException("topics.replicationFactor must be at least 1 (or -1 for the "
                    + "broker's default), was " + replicationFactor);
        }
        requirePositive("topics.eventRetention", eventRetention);
        requirePositive("topics.outputRetention", outputRetention);
        requirePositive("topics.rejectedRetention", rejectedRetention);
    }

    /** {@value #DEFAULT_PARTITIONS} partitions, the broker's replication factor, the default retentions. */
    public static TopicSettings defaults() {
        return new TopicSettings(
                DEFAULT_PARTITIONS,
                BROKER_DEFAULT_REPLICATION,
                DEFAULT_EVENT_RETENTION,
                DEFAULT_OUTPUT_RETENTION,
                DEFAULT_REJECTED_RETENTION);
    }

    public TopicSettings withPartitions(int count) {
        return new TopicSettings(count, replicationFactor, eventRetention, outputRetention, rejectedRetention);
    }

    public TopicSettings withReplicationFactor(short replicas) {
        return new TopicSettings(partitions, replicas, eventRetention, outputRetention, rejectedRetention);
    }

    private static void requirePositive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
