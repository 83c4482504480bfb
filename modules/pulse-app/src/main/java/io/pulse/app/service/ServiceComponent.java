package io.pulse.app.service;

import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Something that runs beside Kafka Streams in {@link PulseService}, such as the HTTP API. Components start in
 * the order they were added, before the streams client is created (so a server can bind its port and set
 * {@code application.server}), see the client before it starts, and close in reverse order after it stopped.
 */
public interface ServiceComponent extends AutoCloseable {

    /** A name for logs. */
    String name();

    /**
     * Starts the component. {@code streamsProperties} are the Kafka Streams client's properties, not yet used:
     * a component may set what only it knows (the HTTP API its bound {@code application.server}).
     *
     * @throws Exception stops the service's start; components already started are closed
     */
    void start(ServiceContext context, Properties streamsProperties) throws Exception;

    /** The streams client exists and is about to start. */
    default void attach(KafkaStreams streams) {}

    /** The streams client changed state (RUNNING, REBALANCING, ERROR, ...). */
    default void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {}

    /** Stops the component; must not throw. */
    @Override
    void close();
}
