/**
 * A real Kafka broker (KRaft, one combined node) inside the JVM, for {@code demo}, {@code replay}
 * and integration tests; the entry point is {@link io.pulse.dev.broker.EmbeddedKafka#builder()}.
 */
package io.pulse.dev.broker;
