/**
 * Pulse's topics on a cluster: the partitions, compaction and retention each needs
 * ({@link io.pulse.io.topics.TopicPlanner}, from the names of pulse-streams' {@code Topics}), and their
 * idempotent creation ({@link io.pulse.io.topics.TopicAdmin}).
 */
package io.pulse.io.topics;
