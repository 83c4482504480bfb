package io.pulse.dev.sim;

import io.pulse.app.cli.ConfigOption;
import io.pulse.app.cli.Publishing;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.io.control.ControlRecords;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.io.kafka.AvroPublisher;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulse simulate}: realistic event load against a cluster, or as JSON lines. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Produce realistic events at a rate: six campaigns with their own CTRs and costs, sessions "
                    + "that bounce or convert, leads, orders from new and returning customers, refunds, support tickets "
                    + "opened and resolved, NPS answers, by employees of different strength in the teams north, south "
                    + "and care.",
            "Event times are now. Outside the configured working time the rate drops to a quarter (see "
                    + "--flat). Prints events per second every 5 seconds; stops after --duration or --count, "
                    + "or on Ctrl-C."
        })
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(
            names = "--rate",
            required = true,
            paramLabel = "N/s",
            converter = RateConverter.class,
            description = "Events per second in working time, such as 500/s.")
    double rate;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long to run, as an ISO-8601 duration such as PT10M (default: until stopped).")
    Duration duration;

    @Option(names = "--count", paramLabel = "N", description = "Stop after this many events.")
    long count;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of every random choice: the same seed makes the same events, event ids included "
                    + "(default: a random seed, printed).")
    Long seed;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of the event topics.")
    String topicPrefix;

    @Option(names = "--flat", description = "The same rate around the clock (no working-day rhythm).")
    boolean flat;

    @Option(
            names = "--with-directory",
            description = "First publish the simulated employees' teams to the directory topic (test clusters).")
    boolean withDirectory;

    @Option(names = "--json", description = "Write the events to standard output as JSON lines instead of Kafka.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 0) {
            throw new IllegalArgumentException("--count must not be negative");
        }
        PulseConfig cfg = config.load();
        if (topicPrefix != null) {
            cfg = cfg.withTopicPrefix(topicPrefix);
        }
        long actualSeed = seed != null ? seed : new SecureRandom().nextLong();
        Simulator simulator =
                new Simulator(SimulatorSettings.of(cfg, actualSeed).withRhythm(!flat));
        PrintWriter out = spec.commandLine().getOut();
        // JSON lines own standard output; the reports go to standard error then.
        PrintWriter report = json ? spec.commandLine().getErr() : out;
        report.println("simulating " + String.format(Locale.ROOT, "%,.1f", rate) + " events/s with seed " + actualSeed
                + (duration == null ? "" : " for " + duration) + (count > 0 ? ", at most " + count + " events" : ""));
        report.flush();

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.set(true);
                    try {
                        done.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pulse-simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        long total;
        try {
            if (json) {
                total = loop(simulator, event -> out.println(EventJson.render(event)), stop, report);
                out.flush();
            } else {
                String prefix = cfg.streams().topicPrefix();
                List<String> topics = new ArrayList<>(cfg.topicNames().eventTopicNames());
                if (withDirectory) {
                    topics.add(cfg.topicNames().directory().name());
                }
                Cluster.requireTopics(cfg, topics);
                Publishing publishing = new Publishing();
                try (AvroPublisher publisher = AvroPublisher.create(cfg.kafkaClients(), cfg.serdeConfig())) {
                    if (withDirectory) {
                        for (DirectoryEntry e : Simulator.directory()) {
                            publisher.send(
                                    cfg.topicNames().directory().name(),
                                    e.employee(),
                                    ControlRecords.entry(e),
                                    publishing.callback());
                        }
                        report.println("published " + Simulator.directory().size() + " directory entries");
                    }
                    total = loop(
                            simulator, event -> publisher.send(prefix, event, publishing.callback()), stop, report);
                    publisher.flush();
                }
                publishing.check("events");
            }
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // stopped by Ctrl-C: the hook is running
            }
        }
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        report.println("simulated " + total + " events in "
                + String.format(Locale.ROOT, "%.1f s (%,.1f events/s)", seconds, total / seconds));
        report.flush();
        return 0;
    }

    private long loop(Simulator simulator, Consumer<InputEvent> sink, AtomicBoolean stop, PrintWriter report) {
        return new SimulationLoop(simulator, rate, Clock.systemUTC()).run(duration, count, sink, stop::get, p -> {
            report.println(String.format(Locale.ROOT, "%,.1f events/s (%,d in total)", p.perSecond(), p.total()));
            report.flush();
        });
    }
}
