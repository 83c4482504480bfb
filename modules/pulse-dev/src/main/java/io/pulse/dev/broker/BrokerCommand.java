package io.pulse.dev.broker;

import io.pulse.dev.registry.DevSchemaRegistryServer;
import io.pulse.dev.registry.KafkaSchemaStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pulse broker}: the embedded KRaft broker and the development schema registry in a process of their own,
 * so the service and the broker can be stopped, killed and restarted separately (the failure suite does, and so
 * can a developer). The registry keeps its schemas on the broker ({@code _pulse_schemas}), so a restart on the
 * same data directory serves the same ids.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a single-node Kafka broker (KRaft) and the development schema registry in this process, "
                    + "until stopped (SIGTERM, Ctrl-C). Prints both addresses.",
            "For development and tests only: one node, no security."
        })
public final class BrokerCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(BrokerCommand.class);
    /** The first line a caller waits for; the addresses follow on it. */
    public static final String READY = "pulse broker ready:";

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Client port of the broker (default: ${DEFAULT-VALUE}; 0: any free port).")
    int kafkaPort;

    @Option(
            names = "--registry-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Port of the schema registry (default: ${DEFAULT-VALUE}; 0: any free port).")
    int registryPort;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description =
                    "The broker's data directory, reused on restart (default: a temporary folder, deleted on exit).")
    Path data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder().port(kafkaPort);
        if (data != null) {
            builder.dataDirectory(data);
        }
        EmbeddedKafka kafka = builder.build().start();
        DevSchemaRegistryServer registry;
        try {
            registry = DevSchemaRegistryServer.start(
                    new KafkaSchemaStore(kafka.clientProperties()), "127.0.0.1", registryPort);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C run the hook: the registry first (it writes to the broker), then a controlled broker
        // shutdown, so the next start on the same data directory needs no log recovery.
        Thread hook = new Thread(
                () -> {
                    LOGGER.info("Stopping the schema registry and the broker");
                    registry.close();
                    kafka.close();
                    stopped.countDown();
                },
                "pulse-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(READY + " kafka " + kafka.bootstrapServers() + " registry " + registry.url() + " data "
                + kafka.dataDirectory());
        out.flush();
        stopped.await();
        return 0;
    }
}
