/**
 * Talking to Kafka from Pulse's tools: {@link io.pulse.io.kafka.KafkaClientSettings} says how to reach the
 * cluster, {@link io.pulse.io.kafka.AvroPublisher} sends Avro records to Pulse's topics.
 */
package io.pulse.io.kafka;
