package io.pulse.bench.e2e;

import io.pulse.app.topics.TopicAdmin;
import io.pulse.app.topics.TopicNames;
import io.pulse.app.topics.TopicPlanner;
import io.pulse.app.topics.TopicSettings;
import io.pulse.dev.broker.EmbeddedKafka;
import io.pulse.dev.kafka.CatchUp;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.StreamsSettings;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end throughput of the whole topology on a real (embedded) broker on this machine: N events are
 * produced first, then the Pulse topology starts and the clock runs until every input and internal topic
 * has been processed (all scopes, all six periods, exactly-once unless told otherwise).
 *
 * <pre>
 * java -cp modules/pulse-bench/target/pulse-bench.jar io.pulse.bench.e2e.EndToEndBenchmark \
 *      [--events 500000] [--partitions 6] [--guarantee exactly_once_v2|at_least_once] [--threads 2]
 *      [--set commit.interval.ms=1000,producer.compression.type=none] [--emit PT1S]
 * </pre>
 */
public final class EndToEndBenchmark {
    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        long events = Long.parseLong(opts.getOrDefault("events", "500000"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "6"));
        String guarantee = opts.getOrDefault("guarantee", StreamsConfig.EXACTLY_ONCE_V2);
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            TopicNames names = TopicNames.defaults();
            try (var admin = kafka.admin()) {
                new TopicAdmin(admin).ensure(TopicPlanner.plan(names, TopicSettings.defaults().withPartitions(partitions)))
                        .requireNoProblems();
            }
            RegistryAvroSerdes avro = RegistryAvroSerdes.inMemory("bench");
            Topics topics = new Topics(TopicNames.DEFAULT_PREFIX, avro);

            long producedIn = produce(kafka, avro, topics, events);
            System.out.printf("produced %,d events in %.1f s (%,.0f events/s)%n", events, producedIn / 1e9, events / (producedIn / 1e9));

            PulseStreamsConfig config = PulseStreamsConfig.builder().partitions(partitions).closeOnWallClock(false)
                    .emitInterval(java.time.Duration.parse(opts.getOrDefault("emit", "PT1S"))).build();
            Properties props = StreamsSettings.defaults("pulse-bench", kafka.bootstrapServers());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            Path stateDir = Files.createTempDirectory("pulse-bench-state");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            // --set key=value,key=value: any Kafka Streams property, to compare settings.
            for (String kv : opts.getOrDefault("set", "").split(",")) {
                if (!kv.isBlank()) {
                    props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            List<String> watched = new ArrayList<>(topics.eventTopicNames());
            watched.add("pulse-bench-" + PulseTopology.EVENTS_BY_ID + "-repartition");
            watched.add("pulse-bench-" + PulseTopology.CONTRIBUTIONS + "-repartition");

            try (KafkaStreams streams = new KafkaStreams(PulseTopology.build(config, avro), props);
                 CatchUp catchUp = new CatchUp(kafka.clientProperties())) {
                long t0 = System.nanoTime();
                streams.start();
                long running = 0;
                long lag = -1;
                while (lag != 0) {
                    Thread.sleep(500); // a measuring loop in a benchmark tool, not a test
                    if (running == 0 && streams.state() == KafkaStreams.State.RUNNING) {
                        running = System.nanoTime();
                    }
                    var parts = catchUp.partitionsOf(watched);
                    lag = catchUp.lag("pulse-bench", parts);
                    if (parts.size() < topics.eventTopicNames().size() * partitions + 2 * partitions) {
                        lag = Math.max(lag, 1); // internal topics not created yet
                    }
                    System.out.printf("  %5.1f s  %-12s lag %,d%n", (System.nanoTime() - t0) / 1e9, streams.state(), lag);
                }
                long done = System.nanoTime();
                double total = (done - t0) / 1e9;
                double processing = (done - (running == 0 ? t0 : running)) / 1e9;
                System.out.printf("processed %,d events in %.1f s from start (%,.0f events/s), %.1f s from RUNNING (%,.0f events/s)"
                                + " [%s, %d partitions, %d threads%s]%n",
                        events, total, events / total, processing, events / processing, guarantee, partitions, threads,
                        (opts.containsKey("set") ? ", " + opts.get("set") : "") + ", emit " + config.emitInterval());
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static long produce(EmbeddedKafka kafka, RegistryAvroSerdes avro, Topics topics, long events) {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Map<EventType, Serializer<SpecificRecord>> serializers = new HashMap<>();
        for (EventType t : EventType.values()) {
            serializers.put(t, (Serializer<SpecificRecord>) (Serializer<?>) avro.valueSerde(t.avroClass()).serializer());
        }
        EventMix mix = new EventMix(42, Instant.parse("2026-11-02T09:00:00Z"), 50_000);
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                SpecificRecord e = mix.next();
                EventType type = typeOf(e);
                String topic = topics.event(type).name();
                byte[] key = e.get(0).toString().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, null,
                        ((Instant) e.get(e.getSchema().getField("occurredAt").pos())).toEpochMilli(), key,
                        serializers.get(type).serialize(topic, e)), (md, ex) -> {
                            if (ex != null) {
                                failure.compareAndSet(null, ex);
                            }
                        });
            }
            producer.flush();
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
