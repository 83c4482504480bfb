/** Talking to Kafka from the command line: {@link io.pulse.app.kafka.AvroPublisher} sends Avro records to Pulse's topics. */
package io.pulse.app.kafka;
