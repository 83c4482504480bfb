/**
 * Pulse's topics: their names ({@link io.pulse.app.topics.TopicNames}), the partitions, compaction
 * and retention each needs ({@link io.pulse.app.topics.TopicPlanner}), and their idempotent
 * creation on a cluster ({@link io.pulse.app.topics.TopicAdmin}).
 */
package io.pulse.app.topics;
