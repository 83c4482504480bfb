package io.pulse.bench.e2e;

import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.dev.broker.EmbeddedKafka;
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
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end latency, Pulse beside the reference app of DESIGN's budget, one after the other on the same broker,
 * at the same rate and commit interval. Impressions are produced at a steady rate while the application runs;
 * for Pulse, the company's hourly {@code impressions} value on {@code pulse.kpi.values} counts them; for the
 * reference (a 1-hour count per key over the same events keyed by one key), its count on its output topic. When
 * a count of V arrives, every event numbered below V has been counted, and its latency is the count's arrival
 * time minus the event's send time. Prints p50, p99 and max of each.
 *
 * <pre>
 * java -cp ... io.pulse.bench.e2e.LatencyBenchmark [--rate 2000] [--seconds 30] [--warmup 5] [--emit PT0.1S] [--commit-ms 100]
 * </pre>
 */
public final class LatencyBenchmark {
    private static final String REFERENCE_INPUT = "reference.input";

    private LatencyBenchmark() {}

    /** What one application's run measured, in milliseconds. */
    private static final long HOUR_MS = 3_600_000L;

    private record Figures(int measured, long p50, long p99, long max) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rate = Integer.parseInt(opts.getOrDefault("rate", "2000"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        Duration emit = Duration.parse(opts.getOrDefault("emit", "PT0.1S"));
        long commitMs = Long.parseLong(opts.getOrDefault("commit-ms", "100"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5")); // seconds left out of the figures

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            RegistryAvroSerdes avro = RegistryAvroSerdes.inMemory("latency");
            Topics topics = new Topics(PulseStreamsConfig.DEFAULT_TOPIC_PREFIX, avro);
            try (var admin = kafka.admin()) {
                new TopicAdmin(admin)
                        .ensure(TopicPlanner.plan(topics, TopicSettings.defaults()))
                        .requireNoProblems();
                admin.createTopics(List.of(
                                new org.apache.kafka.clients.admin.NewTopic(REFERENCE_INPUT, 6, (short) -1),
                                new org.apache.kafka.clients.admin.NewTopic(ReferenceApp.OUTPUT, 6, (short) -1)))
                        .all()
                        .get();
            }
            String impressions =
                    topics.event(io.pulse.streams.event.EventType.IMPRESSION).name();

            Properties refProps = props(kafka, "reference-latency", commitMs);
            Deserializer<Long> longs = new org.apache.kafka.common.serialization.LongDeserializer();
            Figures reference = measure(
                    kafka,
                    avro,
                    ReferenceApp.topology(List.of(REFERENCE_INPUT)),
                    refProps,
                    REFERENCE_INPUT,
                    true,
                    ReferenceApp.OUTPUT,
                    k -> true,
                    (t, v) -> longs.deserialize(t, v),
                    rate,
                    seconds,
                    warmup);

            PulseStreamsConfig config =
                    PulseStreamsConfig.builder().emitInterval(emit).build();
            Deserializer<KpiValue> values = topics.kpiValues().valueSerde().deserializer();
            String key = "impressions|company|all|hour|";
            Figures pulse = measure(
                    kafka,
                    avro,
                    PulseTopology.build(config, avro),
                    props(kafka, "pulse-latency", commitMs),
                    impressions,
                    false,
                    topics.kpiValues().name(),
                    k -> k != null && k.startsWith(key),
                    (t, v) -> values.deserialize(t, v).getValue().longValue(),
                    rate,
                    seconds,
                    warmup);
            System.out.printf(
                    "reference (one 1-hour count per key): p50 %d ms, p99 %d ms, max %d ms over %,d events%n",
                    reference.p50(), reference.p99(), reference.max(), reference.measured());
            System.out.printf(
                    "latency from send to live KPI over %,d events at %,d/s after %d s warm-up (emit %s, flush %s,"
                            + " commit %d ms): p50 %d ms, p99 %d ms, max %d ms; reference p50 %d ms, p99 %d ms; p99 ratio %.2f%n",
                    pulse.measured(),
                    rate,
                    warmup,
                    emit,
                    config.flushInterval(),
                    commitMs,
                    pulse.p50(),
                    pulse.p99(),
                    pulse.max(),
                    reference.p50(),
                    reference.p99(),
                    (double) pulse.p99() / Math.max(1, reference.p99()));
        }
    }

    private static Properties props(EmbeddedKafka kafka, String appId, long commitMs) throws java.io.IOException {
        Properties props = StreamsSettings.defaults(appId, kafka.bootstrapServers());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(appId).toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        return props;
    }

    private static Figures measure(
            EmbeddedKafka kafka,
            RegistryAvroSerdes avro,
            org.apache.kafka.streams.Topology topology,
            Properties props,
            String input,
            boolean oneKey,
            String output,
            java.util.function.Predicate<String> counts,
            java.util.function.BiFunction<String, byte[], Long> count,
            int rate,
            int seconds,
            int warmup)
            throws InterruptedException {
        int total = rate * seconds;
        long[] sentAt = new long[total];
        String appId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Map<String, Object> c = new HashMap<>(kafka.clientProperties());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, appId + "-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // Every event on its way at once: a linger would count as latency.
        KafkaClientSettings clients = KafkaClientSettings.of(kafka.clientProperties())
                .with(ProducerConfig.LINGER_MS_CONFIG, 0)
                .with(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        try (KafkaStreams streams = new KafkaStreams(topology, props);
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                        c,
                        new StringDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
                AvroPublisher publisher = AvroPublisher.create(clients, avro)) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100); // a measuring tool waiting for its subject, not a test
            }
            consumer.subscribe(List.of(output));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            long[] latency = new long[total];
            Map<Long, Long> latestByHour = new HashMap<>();
            long seen = 0; // the sum of latestByHour's values
            Arrays.fill(latency, -1);
            int assigned = 0;
            long start = System.nanoTime();
            int sent = 0;
            long deadline = start + Duration.ofSeconds(seconds + 60).toNanos();
            while (assigned < total && System.nanoTime() < deadline) {
                long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                for (; sent < due; sent++) {
                    Instant now = Instant.now();
                    ImpressionEvent e = ImpressionEvent.newBuilder()
                            .setEventId(appId + "-" + sent)
                            .setOccurredAt(now)
                            .setCampaignId("c-" + (sent % 50))
                            .build();
                    sentAt[sent] = System.nanoTime();
                    publisher.send(input, oneKey ? "all" : e.getEventId(), e, now.toEpochMilli(), null);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                    if (!counts.test(r.key())) {
                        continue;
                    }
                    long arrived = System.nanoTime();
                    // Counts restart each hour (both apps stamp a count with a time in its hour): what has been
                    // counted is the sum of each hour's latest count, so a run may cross an hour.
                    long hour = Math.floorDiv(r.timestamp(), HOUR_MS);
                    long inHour = count.apply(r.topic(), r.value());
                    long before = latestByHour.getOrDefault(hour, 0L);
                    if (inHour > before) {
                        latestByHour.put(hour, inHour);
                        seen += inHour - before;
                    }
                    for (; assigned < Math.min(seen, sent); assigned++) {
                        latency[assigned] = arrived - sentAt[assigned];
                    }
                }
            }
            System.out.println(appId.replaceAll("-[0-9a-f-]{36}$", "") + " stream threads: " + threadFigures(streams));
            streams.close(Duration.ofSeconds(30));
            long[] done = Arrays.stream(latency, Math.min(total, warmup * rate), total)
                    .filter(l -> l >= 0)
                    .sorted()
                    .toArray();
            if (done.length == 0) {
                throw new IllegalStateException(appId + ": no event reached a count");
            }
            return new Figures(
                    done.length,
                    done[done.length / 2] / 1_000_000,
                    done[(int) (done.length * 0.99)] / 1_000_000,
                    done[done.length - 1] / 1_000_000);
        }
    }

    /**
     * Each stream thread's commits per second, their mean and largest time, and its mean poll time (Kafka Streams'
     * own thread metrics, a 30 s window): how much of the thread a commit takes explains much of the latency.
     */
    private static String threadFigures(KafkaStreams streams) {
        Map<String, Map<String, Double>> byThread = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && metric.metricValue() instanceof Number n) {
                String thread = name.tags().getOrDefault("thread-id", "?").replaceAll(".*-(StreamThread-\\d+)$", "$1");
                byThread.computeIfAbsent(thread, t -> new HashMap<>()).put(name.name(), n.doubleValue());
            }
        });
        StringBuilder out = new StringBuilder();
        byThread.forEach((thread, m) -> out.append(String.format(
                "%s %.1f commits/s (mean %.1f ms, max %.1f ms), poll mean %.1f ms, process %.0f records/s; ",
                thread,
                m.getOrDefault("commit-rate", Double.NaN),
                m.getOrDefault("commit-latency-avg", Double.NaN),
                m.getOrDefault("commit-latency-max", Double.NaN),
                m.getOrDefault("poll-latency-avg", Double.NaN),
                m.getOrDefault("process-rate", Double.NaN))));
        return out.toString();
    }
}
