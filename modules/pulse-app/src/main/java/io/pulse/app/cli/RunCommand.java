package io.pulse.app.cli;

import io.pulse.app.access.ApiAccess;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.http.HttpApiComponent;
import io.pulse.app.kafka.Cluster;
import io.pulse.app.service.PulseService;
import io.pulse.app.service.ServiceComponent;
import io.pulse.io.topics.TopicReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulse run}: the service against a configured cluster, until stopped (SIGTERM, Ctrl-C) or it fails. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Pulse service (Kafka Streams topology and what runs beside it) against a configured "
                    + "Kafka cluster and schema registry, until stopped.",
            "Exits non-zero when Kafka Streams stops after an error, so an orchestrator restarts it.",
            "Refuses to start without an access configuration: set auth.mode (tokens, oidc, or none)."
        })
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--create-topics", description = "Create Pulse's topics that do not exist before starting.")
    boolean createTopics;

    @Spec
    CommandSpec spec;

    /** What {@code run} starts beside Kafka Streams, in order. */
    static List<ServiceComponent> components(PulseConfig config) {
        return List.of(new HttpApiComponent());
    }

    @Override
    public Integer call() throws Exception {
        PulseConfig cfg = config.load();
        // Secure by default (SPEC §10): refuse before anything reaches Kafka or binds a port.
        if (!cfg.accessConfigured()) {
            throw new IllegalStateException(ApiAccess.notConfigured());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (createTopics) {
            TopicReport report = Cluster.createTopics(cfg);
            out.println(report.summary());
            report.problems().forEach(p -> spec.commandLine().getErr().println("pulse: warning: " + p));
        }
        PulseService service = new PulseService(cfg, components(cfg));
        // A stop asked for by a signal is done by this thread, not in a shutdown hook, so a clean stop can end the
        // process with 0 (a JVM stopping from a hook exits with 143). The hook stays for every other way out.
        Thread hook = new Thread(service::close, "pulse-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        StopSignals.onStop(() -> {
            Thread stopper = new Thread(service::close, "pulse-stop");
            stopper.start();
        });
        try {
            service.start();
            out.println("Pulse is running (application " + cfg.streams().applicationId() + ", Kafka "
                    + cfg.kafka().bootstrapServers() + "); stop it with Ctrl-C");
            out.flush();
            Optional<Throwable> failure = service.awaitTermination();
            if (failure.isPresent()) {
                throw new IllegalStateException(
                        "Kafka Streams stopped after an error: " + CliErrors.describe(failure.get()), failure.get());
            }
            if (!service.stop()) {
                throw new IllegalStateException("Kafka Streams did not stop within streams.shutdownTimeout ("
                        + cfg.streams().shutdownTimeout() + ")");
            }
            out.println("Pulse stopped");
            out.flush();
            return 0;
        } finally {
            service.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM is on its way out
            }
        }
    }
}
