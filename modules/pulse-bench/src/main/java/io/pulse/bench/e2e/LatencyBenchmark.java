package io.pulse.bench.e2e;

import io.pulse.app.topics.TopicAdmin;
import io.pulse.app.topics.TopicNames;
import io.pulse.app.topics.TopicPlanner;
import io.pulse.app.topics.TopicSettings;
import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.dev.broker.EmbeddedKafka;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.StreamsSettings;
import io.pulse.streams.Topics;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end latency: impressions are produced at a steady rate while the topology runs; the company's
 * hourly {@code impressions} value on {@code pulse.kpi.values} counts them, so when a row with value V
 * arrives, every event numbered below V has reached the live KPI, and its latency is the row's arrival time
 * minus the event's send time. Prints p50, p99 and max.
 *
 * <pre>
 * java -cp ... io.pulse.bench.e2e.LatencyBenchmark [--rate 2000] [--seconds 30] [--warmup 5] [--emit PT0.1S] [--commit-ms 100]
 * </pre>
 */
public final class LatencyBenchmark {
    private LatencyBenchmark() {
    }

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
        int total = rate * seconds;
        long[] sentAt = new long[total];

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            try (var admin = kafka.admin()) {
                new TopicAdmin(admin).ensure(TopicPlanner.plan(TopicNames.defaults(), TopicSettings.defaults()))
                        .requireNoProblems();
            }
            RegistryAvroSerdes avro = RegistryAvroSerdes.inMemory("latency");
            Topics topics = new Topics(TopicNames.DEFAULT_PREFIX, avro);
            PulseStreamsConfig config = PulseStreamsConfig.builder().emitInterval(emit).build();
            Properties props = StreamsSettings.defaults("pulse-latency", kafka.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("pulse-latency").toString());
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
            Map<String, Object> c = new HashMap<>(kafka.clientProperties());
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-reader");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            Deserializer<KpiValue> values = topics.kpiValues().valueSerde().deserializer();
            @SuppressWarnings("unchecked")
            Serializer<ImpressionEvent> ser = (Serializer<ImpressionEvent>) (Serializer<?>) avro.valueSerde(ImpressionEvent.class).serializer();
            Map<String, Object> p = new HashMap<>(kafka.clientProperties());
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            String key = "impressions|company|all|hour|";
            try (KafkaStreams streams = new KafkaStreams(PulseTopology.build(config, avro), props);
                 KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                         new org.apache.kafka.common.serialization.ByteArrayDeserializer());
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                streams.start();
                while (streams.state() != KafkaStreams.State.RUNNING) {
                    Thread.sleep(100); // a measuring tool waiting for its subject, not a test
                }
                consumer.subscribe(List.of(topics.kpiValues().name()));
                long[] latency = new long[total];
                Arrays.fill(latency, -1);
                int assigned = 0;
                long start = System.nanoTime();
                int sent = 0;
                long deadline = start + Duration.ofSeconds(seconds + 60).toNanos();
                while (assigned < total && System.nanoTime() < deadline) {
                    long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
                    for (; sent < due; sent++) {
                        Instant now = Instant.now();
                        ImpressionEvent e = ImpressionEvent.newBuilder().setEventId("l-" + sent).setOccurredAt(now)
                                .setCampaignId("c-" + (sent % 50)).build();
                        sentAt[sent] = System.nanoTime();
                        producer.send(new ProducerRecord<>(topics.event(io.pulse.streams.event.EventType.IMPRESSION).name(), null,
                                now.toEpochMilli(), e.getEventId().getBytes(StandardCharsets.UTF_8),
                                ser.serialize("pulse.events.impression", e)));
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                        if (r.key() == null || !r.key().startsWith(key)) {
                            continue;
                        }
                        long arrived = System.nanoTime();
                        long seen = values.deserialize(r.topic(), r.value()).getValue().longValue();
                        // Counts restart each hour; this run stays inside one hour or its figures are partial.
                        for (; assigned < Math.min(seen, sent); assigned++) {
                            latency[assigned] = arrived - sentAt[assigned];
                        }
                    }
                }
                long[] done = Arrays.stream(latency, Math.min(total, warmup * rate), total).filter(l -> l >= 0).sorted().toArray();
                if (done.length == 0) {
                    System.out.println("no event reached a KPI value");
                    return;
                }
                System.out.printf("latency from send to live KPI over %,d of %,d events at %,d/s after %d s warm-up (emit %s,"
                                + " commit %d ms): p50 %d ms, p99 %d ms, max %d ms%n", done.length, total, rate, warmup, emit, commitMs,
                        done[done.length / 2] / 1_000_000, done[(int) (done.length * 0.99)] / 1_000_000,
                        done[done.length - 1] / 1_000_000);
                streams.close(Duration.ofSeconds(30));
            }
        }
    }
}
