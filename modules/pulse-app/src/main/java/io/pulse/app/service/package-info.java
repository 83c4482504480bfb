/**
 * The running service: {@link io.pulse.app.service.PulseService} runs the topology in Kafka Streams with
 * {@link io.pulse.app.service.ServiceComponent}s (the HTTP API) beside it; {@code pulse run} starts it.
 */
package io.pulse.app.service;
