package io.pulse.app.cli;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.io.json.EventJson;
import io.pulse.io.kafka.AvroPublisher;
import io.pulse.streams.event.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulse produce}: JSON-lines events (SPEC §2) to their topics as Avro. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Send JSON-lines events (SPEC §2, one object per line with a 'type' field) to their topics "
                    + "(<prefix>events.<type>) as Avro, keyed by eventId, with an idempotent producer.",
            "Bad lines are reported with their line number on standard error and skipped; the exit code is "
                    + "1 when any line was bad or any event could not be sent."
        })
public final class ProduceCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description = "Prefix of the event topics (default: streams.topicPrefix of the configuration, 'pulse.').")
    String topicPrefix;

    @Parameters(paramLabel = "FILE|-", description = "The JSON-lines file; - reads standard input.")
    String input;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PulseConfig cfg = config.load();
        if (topicPrefix != null) {
            cfg = cfg.withTopicPrefix(topicPrefix);
        }
        String prefix = cfg.streams().topicPrefix();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Cluster.requireTopics(cfg, cfg.topicNames().eventTopicNames());

        Map<EventType, Long> sent = new EnumMap<>(EventType.class);
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicLong bad = new AtomicLong();
        long started = System.nanoTime();
        try (BufferedReader reader = open();
                AvroPublisher publisher = AvroPublisher.create(cfg.kafkaClients(), cfg.serdeConfig())) {
            EventJson.readLines(
                    reader,
                    event -> {
                        sent.merge(event.type(), 1L, Long::sum);
                        publisher.send(prefix, event, (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, CliErrors.describe(error));
                            }
                        });
                    },
                    line -> {
                        bad.incrementAndGet();
                        err.println("line " + line.number() + ": " + line.reason());
                    });
            publisher.flush();
        }
        long total = sent.values().stream().mapToLong(Long::longValue).sum() - failed.get();
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-3);
        out.println("produced " + total + " events to " + prefix + "events.* ("
                + sent.entrySet().stream()
                        .map(e -> e.getKey().id() + " " + e.getValue())
                        .collect(Collectors.joining(", "))
                + ") in "
                + String.format(java.util.Locale.ROOT, "%.1f s, %.0f events/s", seconds, total / seconds)
                + (bad.get() > 0 ? "; " + bad + " bad line" + (bad.get() == 1 ? "" : "s") + " skipped" : ""));
        out.flush();
        if (failed.get() > 0) {
            err.println("pulse: " + failed.get() + " events could not be sent: " + firstFailure.get());
        }
        return bad.get() > 0 || failed.get() > 0 ? CliErrors.FAILURE : 0;
    }

    private BufferedReader open() throws IOException {
        if (input.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + input, e);
        }
    }
}
