package io.pulse.bench.soak;

import io.pulse.avro.events.ClickEvent;
import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.events.OrderEvent;
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
import io.pulse.streams.event.EventType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Soak: the topology on an embedded broker, fed at a steady rate for a long time (30 minutes by default), with event
 * time running faster than the wall clock ({@code --time-scale}, 600: ten minutes of event time per second, so half
 * an hour covers twelve days and crosses the dedupe horizon and the hour windows' retention). Every sample it prints
 * the state directory's size, the heap in use after a full collection (the live set, so a leak shows as growth) and
 * the records processed; at the end it compares the last third with the middle third and says whether they levelled
 * off. The samples also go to {@code soak.csv} in the working folder.
 *
 * <pre>
 * java -cp ... io.pulse.bench.soak.SoakBenchmark [--minutes 30] [--rate 1000] [--time-scale 600] [--sample-seconds 30]
 * </pre>
 */
public final class SoakBenchmark {
    private SoakBenchmark() {}

    /** One sample. */
    record Sample(long seconds, long sent, Instant eventTime, long stateBytes, long heapBytes) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int minutes = Integer.parseInt(opts.getOrDefault("minutes", "30"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "1000"));
        long timeScale = Long.parseLong(opts.getOrDefault("time-scale", "600"));
        int sampleSeconds = Integer.parseInt(opts.getOrDefault("sample-seconds", "30"));
        Path csv = Path.of(opts.getOrDefault("csv", "soak.csv"));
        Path state = Files.createTempDirectory("pulse-soak-state");
        // Event time starts far enough back that, scaled, it ends near now.
        Instant eventStart = Instant.now().minusSeconds(minutes * 60L * timeScale);

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            RegistryAvroSerdes avro = RegistryAvroSerdes.inMemory("soak");
            Topics topics = new Topics(PulseStreamsConfig.DEFAULT_TOPIC_PREFIX, avro);
            try (var admin = kafka.admin()) {
                new TopicAdmin(admin)
                        .ensure(TopicPlanner.plan(topics, TopicSettings.defaults()))
                        .requireNoProblems();
            }
            PulseStreamsConfig config = PulseStreamsConfig.builder().build();
            Properties props = StreamsSettings.defaults("pulse-soak", kafka.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            // Uncompressed, as in the soak runs the README reports.
            KafkaClientSettings clients = KafkaClientSettings.of(kafka.clientProperties())
                    .with(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            List<Sample> samples = new ArrayList<>();
            try (KafkaStreams streams = new KafkaStreams(PulseTopology.build(config, avro), props);
                    AvroPublisher publisher = AvroPublisher.create(clients, avro);
                    PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
                streams.start();
                out.println("seconds,events_sent,event_time,state_bytes,heap_live_bytes");
                System.out.printf(
                        "soak: %d min at %,d events/s, event time x%d from %s; state in %s%n",
                        minutes, rate, timeScale, eventStart, state);
                System.out.printf(
                        "%8s %12s %22s %14s %14s%n", "seconds", "events", "event time", "state MB", "heap live MB");
                long begin = System.nanoTime();
                long end = begin + Duration.ofMinutes(minutes).toNanos();
                long nextSample = begin;
                long sent = 0;
                while (System.nanoTime() < end) {
                    long now = System.nanoTime();
                    long due = (now - begin) * rate / 1_000_000_000L;
                    for (; sent < due; sent++) {
                        Instant at = eventStart.plusMillis((now - begin) / 1_000_000L * timeScale);
                        send(publisher, topics, sent, at);
                    }
                    if (now >= nextSample) {
                        Instant at = eventStart.plusMillis((now - begin) / 1_000_000L * timeScale);
                        Sample s = new Sample((now - begin) / 1_000_000_000L, sent, at, size(state), liveHeap());
                        samples.add(s);
                        out.printf(
                                "%d,%d,%s,%d,%d%n",
                                s.seconds(), s.sent(), s.eventTime(), s.stateBytes(), s.heapBytes());
                        out.flush();
                        System.out.printf(
                                "%8d %,12d %22s %,14.1f %,14.1f%n",
                                s.seconds(), s.sent(), s.eventTime(), s.stateBytes() / 1e6, s.heapBytes() / 1e6);
                        nextSample += Duration.ofSeconds(sampleSeconds).toNanos();
                    }
                    Thread.sleep(2); // pacing a load generator, not waiting for a result
                }
                streams.close(Duration.ofSeconds(60));
            }
            verdict(samples);
        }
    }

    /** Impressions, clicks and orders over a fixed population, with fresh eventIds, like a day of a real business. */
    private static void send(AvroPublisher publisher, Topics topics, long n, Instant at) {
        String campaign = "c-" + (n % 200);
        String employee = "e-" + (n % 500);
        SpecificRecord value;
        EventType type;
        switch ((int) (n % 10)) {
            case 0, 1, 2, 3, 4, 5 -> {
                type = EventType.IMPRESSION;
                value = ImpressionEvent.newBuilder()
                        .setEventId("s-" + n)
                        .setOccurredAt(at)
                        .setCampaignId(campaign)
                        .setEmployeeId(employee)
                        .build();
            }
            case 6, 7, 8 -> {
                type = EventType.CLICK;
                value = ClickEvent.newBuilder()
                        .setEventId("s-" + n)
                        .setOccurredAt(at)
                        .setCampaignId(campaign)
                        .setCost(new BigDecimal("1.25"))
                        .build();
            }
            default -> {
                type = EventType.ORDER;
                value = OrderEvent.newBuilder()
                        .setEventId("s-" + n)
                        .setOccurredAt(at)
                        .setCustomerId("cu-" + (n % 5000))
                        .setRevenue(new BigDecimal("99.90"))
                        .setEmployeeId(employee)
                        .setCampaignId(campaign)
                        .build();
            }
        }
        publisher.send(topics.event(type).name(), "s-" + n, value, at.toEpochMilli(), null);
    }

    private static void verdict(List<Sample> samples) {
        if (samples.size() < 6) {
            System.out.println("too few samples to judge levelling off (run longer or sample more often)");
            return;
        }
        int third = samples.size() / 3;
        long stateMid = samples.subList(third, 2 * third).stream()
                .mapToLong(Sample::stateBytes)
                .max()
                .orElse(0);
        long stateEnd = samples.subList(2 * third, samples.size()).stream()
                .mapToLong(Sample::stateBytes)
                .max()
                .orElse(0);
        long heapMid = samples.subList(third, 2 * third).stream()
                .mapToLong(Sample::heapBytes)
                .max()
                .orElse(0);
        long heapEnd = samples.subList(2 * third, samples.size()).stream()
                .mapToLong(Sample::heapBytes)
                .max()
                .orElse(0);
        System.out.printf(
                "state: max %.1f MB in the middle third, %.1f MB in the last (%+.0f%%); heap live set: %.1f MB, "
                        + "%.1f MB (%+.0f%%)%n",
                stateMid / 1e6,
                stateEnd / 1e6,
                growth(stateMid, stateEnd),
                heapMid / 1e6,
                heapEnd / 1e6,
                growth(heapMid, heapEnd));
        System.out.println(
                growth(stateMid, stateEnd) < 10 && growth(heapMid, heapEnd) < 10
                        ? "levelled off (less than 10% growth from the middle to the last third)"
                        : "still growing: the last third is more than 10% above the middle third");
    }

    private static double growth(long from, long to) {
        return from == 0 ? 0 : (to - from) * 100.0 / from;
    }

    /** The heap in use right after a full collection: what the process really keeps. */
    private static long liveHeap() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getUsage() != null) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException gone) {
                            return 0; // RocksDB removed it between the walk and the size
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
