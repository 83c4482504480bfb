package io.pulse.dev.demo;

import java.nio.file.Path;

/**
 * What a demo run was asked for.
 *
 * @param httpPort      the HTTP API's port; 0 for any free one; a port in use falls back to a free one
 * @param registryPort  the schema registry's port, likewise
 * @param kafkaPort     the broker's port for clients, likewise
 * @param dataDirectory where the broker's data and Kafka Streams' state are kept across runs, or null for a
 *                      temporary folder deleted on exit
 * @param rate          simulated events per second; 0: no simulator
 * @param configFile    Pulse YAML laid over the demo's configuration, or null
 * @param seed          the simulator's seed
 */
public record DemoOptions(
        int httpPort, int registryPort, int kafkaPort, Path dataDirectory, double rate, Path configFile, long seed) {
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final double DEFAULT_RATE = 200;

    public DemoOptions {
        port("--port", httpPort);
        port("--registry-port", registryPort);
        port("--kafka-port", kafkaPort);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(
                    "--rate must be zero or a positive number of events per second, was " + rate);
        }
    }

    private static void port(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " must be between 0 and 65535 (0: any free port), was " + port);
        }
    }
}
