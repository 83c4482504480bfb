package io.pulse.bench.e2e;

import io.pulse.dev.broker.EmbeddedKafka;
import io.pulse.dev.kafka.CatchUp;
import io.pulse.io.kafka.AvroPublisher;
import io.pulse.io.kafka.KafkaClientSettings;
import io.pulse.io.topics.TopicAdmin;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.io.topics.TopicSettings;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.StreamsSettings;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end throughput of the whole topology on a real (embedded) broker on this machine, beside the reference
 * of DESIGN's budget in the same run: N events are produced first; then the reference app (one 1-hour count per
 * key) and then the Pulse topology (all scopes, all six periods, shipped defaults) each start on them, and the
 * clock runs until every input and internal topic has been consumed. Both get the same client settings.
 *
 * <pre>
 * java -cp modules/pulse-bench/target/pulse-bench.jar io.pulse.bench.e2e.EndToEndBenchmark \
 *      [--events 500000] [--partitions 6] [--guarantee exactly_once_v2|at_least_once] [--threads 2]
 *      [--set commit.interval.ms=1000,statestore.cache.max.bytes=10485760] [--emit PT1S]
 * </pre>
 */
public final class EndToEndBenchmark {
    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        long events = Long.parseLong(opts.getOrDefault("events", "500000"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "6"));
        String guarantee = opts.getOrDefault("guarantee", StreamsConfig.EXACTLY_ONCE_V2);
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            RegistryAvroSerdes avro = RegistryAvroSerdes.inMemory("bench");
            Topics topics = new Topics(PulseStreamsConfig.DEFAULT_TOPIC_PREFIX, avro);
            try (var admin = kafka.admin()) {
                new TopicAdmin(admin)
                        .ensure(TopicPlanner.plan(
                                topics, TopicSettings.defaults().withPartitions(partitions)))
                        .requireNoProblems();
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(
                                ReferenceApp.OUTPUT, partitions, (short) -1)))
                        .all()
                        .get();
            }

            long producedIn = produce(kafka, avro, topics, events);
            System.out.printf(
                    "produced %,d events in %.1f s (%,.0f events/s)%n",
                    events, producedIn / 1e9, events / (producedIn / 1e9));

            // The same client settings for both: Pulse's shipped Kafka Streams defaults, then --guarantee,
            // --threads and --set (commit interval, cache size, ...).
            java.util.function.Function<String, Properties> settings = appId -> {
                Properties props = StreamsSettings.defaults(appId, kafka.bootstrapServers());
                props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
                props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
                try {
                    props.put(
                            StreamsConfig.STATE_DIR_CONFIG,
                            Files.createTempDirectory("bench-state").toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                for (String kv : opts.getOrDefault("set", "").split(",")) {
                    if (!kv.isBlank()) {
                        props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                return props;
            };
            Properties refProps = settings.apply("reference-bench");
            Run reference = run(
                    kafka,
                    "reference-bench",
                    ReferenceApp.topology(topics.eventTopicNames()),
                    refProps,
                    topics.eventTopicNames(),
                    topics.eventTopicNames().size() * partitions,
                    0);
            System.out.printf(
                    "reference (one 1-hour count per key): processed %,d events in %.1f s from start (%,.0f events/s)%n",
                    events, reference.total(), events / reference.total());

            // Pulse with its shipped defaults (emit interval, flush interval, idle timeout), unless --emit says
            // otherwise.
            PulseStreamsConfig config = PulseStreamsConfig.builder()
                    .partitions(partitions)
                    .emitInterval(java.time.Duration.parse(
                            opts.getOrDefault("emit", PulseStreamsConfig.DEFAULT_EMIT_INTERVAL.toString())))
                    .build();
            Properties props = settings.apply("pulse-bench");
            List<String> watched = new ArrayList<>(topics.eventTopicNames());
            watched.add(topics.eventsById().name());
            watched.add("pulse-bench-" + PulseTopology.CONTRIBUTIONS + "-repartition");
            // Watermark marks keep flowing on the internal topics while the service is live (once a second per reading
            // task to every partition), so Pulse is done when its inputs are consumed and only marks remain in flight.
            Run pulse = run(
                    kafka,
                    "pulse-bench",
                    PulseTopology.build(config, avro),
                    props,
                    watched,
                    topics.eventTopicNames().size() * partitions + 2 * partitions,
                    2L * partitions * partitions);
            double ratio = (events / pulse.total()) / (events / reference.total());
            System.out.printf(
                    "pulse: %,.0f folded deltas reached the aggregators for %,d events (%.2f per event)%n",
                    pulse.deltas(), events, pulse.deltas() / events);
            System.out.printf(
                    "stream threads' CPU until done: pulse %.1f s, reference %.1f s (ratio %.2f)%n",
                    pulse.streamCpu(), reference.streamCpu(), reference.streamCpu() / pulse.streamCpu());
            System.out.printf(
                    "processed %,d events in %.1f s from start (%,.0f events/s), %.1f s from RUNNING (%,.0f events/s);"
                            + " reference %,.0f events/s; ratio %.2f [%s, %d partitions, %d threads, commit.interval.ms %s,"
                            + " statestore.cache.max.bytes %s%s, emit %s, flush %s]%n",
                    events,
                    pulse.total(),
                    events / pulse.total(),
                    pulse.processing(),
                    events / pulse.processing(),
                    events / reference.total(),
                    ratio,
                    guarantee,
                    partitions,
                    threads,
                    props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                    props.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG),
                    opts.containsKey("set") ? ", " + opts.get("set") : "",
                    config.emitInterval(),
                    config.flushInterval());
        }
    }

    /**
     * Seconds from start and from RUNNING until every watched topic is consumed to its end, the folded deltas, and the
     * CPU seconds of the stream threads by then.
     */
    private record Run(double total, double processing, double deltas, double streamCpu) {}

    /**
     * CPU seconds the application's stream threads have used so far: a figure that depends less than the rates on
     * how the broker, the JIT and the application share the machine's cores.
     */
    private static double streamThreadCpu(String appId) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith(appId + "-")
                                && t.getName().contains("StreamThread"))
                        .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId())))
                        .sum()
                / 1e9;
    }

    private static Run run(
            EmbeddedKafka kafka,
            String appId,
            org.apache.kafka.streams.Topology topology,
            Properties props,
            List<String> watched,
            int expectedPartitions,
            long marksInFlight)
            throws InterruptedException {
        try (KafkaStreams streams = new KafkaStreams(topology, props);
                CatchUp catchUp = new CatchUp(kafka.clientProperties())) {
            long t0 = System.nanoTime();
            streams.start();
            long running = 0;
            long lag = -1;
            // Done when every watched topic stays consumed for a second: a reading task forwards its deltas up to a
            // flush interval after it has read its input, so one zero sample may come before the last delta exists.
            long zeroSince = 0;
            long firstZero = 0;
            double cpuAtDone = 0;
            while (zeroSince == 0 || System.nanoTime() - zeroSince < 1_000_000_000L) {
                Thread.sleep(100); // a measuring loop in a benchmark tool, not a test
                if (running == 0 && streams.state() == KafkaStreams.State.RUNNING) {
                    running = System.nanoTime();
                }
                var parts = catchUp.partitionsOf(watched);
                lag = catchUp.lag(appId, parts);
                if (parts.size() < expectedPartitions) {
                    lag = Math.max(lag, 1); // internal topics not created yet
                }
                // Only a RUNNING application is done: one run here read lag 0 while still REBALANCING, with no task
                // initialised, and took that as the end.
                if (lag <= marksInFlight && zeroSince == 0 && running != 0) {
                    zeroSince = System.nanoTime();
                    firstZero = zeroSince;
                    cpuAtDone = streamThreadCpu(appId);
                } else if (lag > marksInFlight) {
                    zeroSince = 0;
                }
                System.out.printf(
                        "  %-16s %5.1f s  %-12s lag %,d%n",
                        appId, (System.nanoTime() - t0) / 1e9, streams.state(), lag);
            }
            long done = firstZero;
            double deltas = streams.metrics().entrySet().stream()
                    .filter(e -> e.getKey().group().equals("pulse-reader-metrics")
                            && e.getKey().name().equals("deltas-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .sum();
            streams.metrics().keySet().stream()
                    .filter(n -> n.group().startsWith("pulse"))
                    .forEach(n -> System.out.println("    metric " + n.group() + " " + n.name() + " " + n.tags()));
            Run r = new Run((done - t0) / 1e9, (done - (running == 0 ? t0 : running)) / 1e9, deltas, cpuAtDone);
            streams.close(Duration.ofSeconds(30));
            return r;
        }
    }

    private static long produce(EmbeddedKafka kafka, RegistryAvroSerdes avro, Topics topics, long events) {
        // Batched for throughput: the events are all there before the applications start.
        KafkaClientSettings clients = KafkaClientSettings.of(kafka.clientProperties())
                .with(ProducerConfig.LINGER_MS_CONFIG, 20)
                .with(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        EventMix mix = new EventMix(42, Instant.parse("2026-11-02T09:00:00Z"), 50_000);
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<Exception> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (AvroPublisher publisher = AvroPublisher.create(clients, avro)) {
            for (long i = 0; i < events; i++) {
                SpecificRecord e = mix.next();
                String topic = topics.event(typeOf(e)).name();
                publisher.send(
                        topic,
                        e.get(0).toString(),
                        e,
                        ((Instant) e.get(e.getSchema().getField("occurredAt").pos())).toEpochMilli(),
                        (md, ex) -> {
                            if (ex != null) {
                                failure.compareAndSet(null, ex);
                            }
                        });
            }
            publisher.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the benchmark's events failed: " + failure.get(), failure.get());
        }
        return System.nanoTime() - t0;
    }

    private static EventType typeOf(SpecificRecord e) {
        for (EventType t : EventType.values()) {
            if (t.avroClass().isInstance(e)) {
                return t;
            }
        }
        throw new IllegalArgumentException(e.getClass().getName());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
