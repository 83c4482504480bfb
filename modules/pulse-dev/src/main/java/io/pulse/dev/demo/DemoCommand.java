package io.pulse.dev.demo;

import io.pulse.dev.sim.RateConverter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulse demo}: the whole of Pulse on this machine, nothing to install but Java. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run all of Pulse in this process: a real single-node Kafka broker (KRaft), the development "
                    + "schema registry, Pulse's topics, sample plans, directory and alert rules, the simulator and the "
                    + "service with its HTTP API. Prints the URLs to try once KPIs are live; Ctrl-C stops everything.",
            "The simulated day is the same around the clock (no working-hours rhythm); events are stamped with "
                    + "the current time in the machine's time zone (or the configured one).",
            "For demos and development only: the API needs no token unless PULSE_HTTP_TOKEN is set, and "
                    + "listens on localhost."
        })
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + DemoOptions.DEFAULT_HTTP_PORT,
            description = "Port of the HTTP API (default: ${DEFAULT-VALUE}; 0: any free port). A port in use falls "
                    + "back to a free one, said in one line.")
    int port;

    @Option(
            names = "--registry-port",
            paramLabel = "PORT",
            defaultValue = "" + DemoOptions.DEFAULT_REGISTRY_PORT,
            description = "Port of the schema registry (default: ${DEFAULT-VALUE}; 0: any free port; taken: a free "
                    + "one).")
    int registryPort;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "" + DemoOptions.DEFAULT_KAFKA_PORT,
            description = "Port of the Kafka broker for clients (default: ${DEFAULT-VALUE}; 0: any free port; "
                    + "taken: a free one).")
    int kafkaPort;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Keep the broker's data and Kafka Streams' state in DIR, so KPIs, plans and schema ids "
                    + "survive a restart (default: a temporary folder, deleted on exit).")
    Path data;

    @Option(
            names = "--rate",
            paramLabel = "N/s",
            defaultValue = "200",
            converter = RateConverter.ZeroAllowed.class,
            description = "Simulated events per second, such as 500/s; 0 runs everything but the simulator, for your "
                    + "own events (`pulse produce`) (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Pulse YAML whose keys override the demo's (timezone, currency, workingTime, kpis, alerts, "
                    + "streams, ...). PULSE_* environment variables override both. Kafka, the registry and the "
                    + "port are the demo's own.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DemoOptions options;
        try {
            options = new DemoOptions(
                    port,
                    registryPort,
                    kafkaPort,
                    data,
                    rate,
                    config,
                    ThreadLocalRandom.current().nextLong());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        Demo demo = new Demo(options, System.getenv(), out);
        // Ctrl-C (or SIGTERM) stops the parts in order; each part's stop is time-limited, so the exit is too.
        Thread hook = new Thread(demo::close, "pulse-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
            out.print(demo.banner());
            out.flush();
            Optional<Throwable> failure = demo.awaitTermination();
            if (failure.isPresent()) {
                throw new IllegalStateException(
                        "Kafka Streams stopped after an error: " + Demo.message(failure.get()), failure.get());
            }
            return 0;
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is the one stopping the demo
            }
        }
    }
}
