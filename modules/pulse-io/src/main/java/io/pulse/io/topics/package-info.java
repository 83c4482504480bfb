/**
 * Pulse's topics: their names ({@link io.pulse.io.topics.TopicNames}), the partitions, compaction
 * and retention each needs ({@link io.pulse.io.topics.TopicPlanner}), and their idempotent
 * creation on a cluster ({@link io.pulse.io.topics.TopicAdmin}).
 */
package io.pulse.io.topics;
