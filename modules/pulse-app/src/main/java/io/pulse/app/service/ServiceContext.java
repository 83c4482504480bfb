package io.pulse.app.service;

import io.pulse.app.config.PulseConfig;
import io.pulse.streams.AvroSerdeFactory;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.Topics;
import java.util.Objects;

/**
 * What a {@link ServiceComponent} gets from the service it runs in.
 *
 * @param config        the whole configuration
 * @param streamsConfig the topology's configuration, derived from it
 * @param topics        Pulse's topics with their serdes
 * @param serdes        the Avro serdes over the configured schema registry (one client, shared)
 */
public record ServiceContext(
        PulseConfig config, PulseStreamsConfig streamsConfig, Topics topics, AvroSerdeFactory serdes) {
    public ServiceContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(streamsConfig, "streamsConfig");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(serdes, "serdes");
    }
}
