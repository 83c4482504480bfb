package io.pulse.it.failure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code pulse broker} in its own JVM on fixed ports and a kept data directory, so it can be killed with
 * {@code kill -9} and started again on the same data, the way a broker host crashes and comes back.
 */
final class BrokerProcess implements AutoCloseable {
    static final Duration START_PATIENCE = Duration.ofSeconds(120);

    private final Path dataDir;
    private final Path log;
    private final int kafkaPort = FreePorts.next();
    private final int registryPort = FreePorts.next();
    private PulseProcess process;
    private int starts;

    BrokerProcess(Path workDir) {
        this.dataDir = workDir.resolve("broker-data");
        this.log = workDir.resolve("broker.log");
    }

    /** Starts it (again, on the same data directory and ports); returns when both the broker and registry serve. */
    synchronized BrokerProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker runs already");
        }
        starts++;
        process = PulseProcess.start(
                "broker#" + starts,
                log,
                List.of("-Xmx512m", "-XX:+UseSerialGC"),
                List.of(
                        "broker",
                        "--kafka-port",
                        String.valueOf(kafkaPort),
                        "--registry-port",
                        String.valueOf(registryPort),
                        "--data",
                        dataDir.toString()));
        process.awaitLine("pulse broker ready:", START_PATIENCE);
        return this;
    }

    /** {@code kill -9} of the broker (and the registry in the same JVM). */
    synchronized void kill() {
        process.kill();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String registryUrl() {
        return "http://127.0.0.1:" + registryPort;
    }

    Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.terminate(Duration.ofSeconds(30));
            process.close();
        }
    }
}
