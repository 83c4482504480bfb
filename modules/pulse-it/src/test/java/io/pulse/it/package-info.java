/**
 * Integration tests against real processes; {@link io.pulse.it.WithKafkaCluster} gives a test the
 * shared Kafka cluster ({@link io.pulse.it.KafkaCluster}).
 */
package io.pulse.it;
