/** Pulse's Kafka Streams topology; {@link io.pulse.streams.PulseTopology#build} is the one factory. */
package io.pulse.streams;
