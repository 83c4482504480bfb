package io.pulse.it.failure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration every instance of one scenario shares. Test-only timings: a 6 s session timeout (the broker's
 * minimum) so a killed instance's partitions move soon, and the 60 s probing rebalance interval (Kafka Streams'
 * minimum) so warm-up rebalances do not dominate a short test.
 *
 * @param name         application id and topic prefix (one per scenario, so scenarios do not see each other)
 * @param bootstrap    the broker
 * @param registryUrl  the schema registry
 * @param standbys     {@code streams.standbyReplicas}
 * @param extraStreams further {@code streams.} keys (as YAML scalars)
 */
record ServiceSettings(
        String name, String bootstrap, String registryUrl, int standbys, Map<String, String> extraStreams) {
    static final String ZONE = "Europe/Moscow";
    static final String GRACE = "PT1M";
    static final int PARTITIONS = 3;

    ServiceSettings {
        extraStreams = Map.copyOf(new LinkedHashMap<>(extraStreams));
    }

    ServiceSettings(String name, String bootstrap, String registryUrl, int standbys) {
        this(name, bootstrap, registryUrl, standbys, Map.of());
    }

    String topicPrefix() {
        return name + ".";
    }

    String yaml(Path stateDir, int httpPort) {
        StringBuilder extra = new StringBuilder();
        extraStreams.forEach(
                (k, v) -> extra.append("  ").append(k).append(": ").append(v).append('\n'));
        return """
                timezone: %s
                currency: RUB
                kafka:
                  bootstrap.servers: %s
                  session.timeout.ms: 6000
                  heartbeat.interval.ms: 1500
                  probing.rebalance.interval.ms: 60000
                registry:
                  url: %s
                streams:
                  applicationId: %s
                  topicPrefix: %s
                  partitions: %d
                  replicationFactor: 1
                  stateDir: %s
                  grace: %s
                  emitInterval: PT0.5S
                  standbyReplicas: %d
                %shttp:
                  host: 127.0.0.1
                  port: %d
                auth:
                  mode: none
                """.formatted(
                        ZONE,
                        bootstrap,
                        registryUrl,
                        name,
                        topicPrefix(),
                        PARTITIONS,
                        stateDir,
                        GRACE,
                        standbys,
                        extra,
                        httpPort);
    }

    /** The same settings as a config object in this JVM (topics, producer, output serdes). */
    io.pulse.app.config.PulseConfig config() {
        return io.pulse.app.config.PulseConfig.parse(yaml(Path.of("unused-state"), 0), Map.of());
    }
}
