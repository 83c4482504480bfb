/** Kafka helpers for development tools; {@link io.pulse.dev.kafka.CatchUp} tells when an application has caught up. */
package io.pulse.dev.kafka;
