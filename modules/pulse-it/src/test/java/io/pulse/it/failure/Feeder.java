package io.pulse.it.failure;

import io.pulse.app.config.PulseConfig;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.Plan;
import io.pulse.io.control.ControlRecords;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a workload as a producer of the business would: Avro in the wire format, keyed by eventId, through an
 * idempotent producer that rides out a broker restart. The records are encoded up front (so the registry may be away
 * while they are sent) and sent in the workload's order at a steady rate on a thread of their own; each event's
 * partition is kept, so "late in its partition" can be judged afterwards.
 */
final class Feeder implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Feeder.class);

    private final PulseConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final RegistryAvroSerdes serdes;
    private final Map<Class<?>, Serializer<SpecificRecord>> serializers = new HashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private volatile int sent;
    private int[] partitions = new int[0];
    private Thread thread;

    Feeder(PulseConfig config) {
        this.config = config;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        // A producer of the business waits out a broker restart; on a loaded machine one took 84 s.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.serdes = new RegistryAvroSerdes(config.serdeConfig());
    }

    /** The directory and plans, acknowledged before this returns (events should meet them). */
    void sendControl(Workload w) {
        for (DirectoryEntry e : w.directory()) {
            send(config.topicNames().directory().name(), e.employee(), ControlRecords.entry(e));
        }
        for (Plan plan : w.plans()) {
            send(config.topicNames().plans().name(), plan.key(), ControlRecords.plan(plan));
        }
        producer.flush();
        requireNoFailure();
    }

    /** Encodes the events now (the registry must answer now). */
    List<ProducerRecord<byte[], byte[]>> encode(List<Workload.Event> events) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events.size());
        for (Workload.Event e : events) {
            InputEvent event = EventJson.parse(e.json());
            String topic = Topics.eventTopic(config.streams().topicPrefix(), event.type());
            records.add(new ProducerRecord<>(
                    topic,
                    null,
                    e.occurredAt().toEpochMilli(),
                    event.eventId().getBytes(StandardCharsets.UTF_8),
                    serializer(event.value()).serialize(topic, event.value())));
        }
        return records;
    }

    /** Starts sending {@code records} at {@code perSecond} on a thread of its own. */
    synchronized void start(List<ProducerRecord<byte[], byte[]>> records, int perSecond) {
        partitions = new int[records.size()];
        Arrays.fill(partitions, -1);
        thread = new Thread(() -> run(records, perSecond), "feeder");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(List<ProducerRecord<byte[], byte[]>> records, int perSecond) {
        long begin = System.nanoTime();
        long nanosPerRecord = 1_000_000_000L / perSecond;
        for (int i = 0; i < records.size(); i++) {
            long due = begin + i * nanosPerRecord;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            int index = i;
            producer.send(records.get(i), (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    partitions[index] = md.partition();
                    acknowledged.incrementAndGet();
                }
            });
            sent = i + 1;
        }
        producer.flush();
        LOGGER.info("Feeder sent {} records in {} ms", records.size(), (System.nanoTime() - begin) / 1_000_000);
    }

    /** Sends raw records now (garbage, hand-made records), waiting for the broker's acknowledgement. */
    void sendNow(List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> r : records) {
            producer.send(r, (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        producer.flush();
        requireNoFailure();
    }

    /** How many records the thread has handed to the producer so far. */
    int sent() {
        return sent;
    }

    /** Waits until every record was sent and acknowledged. */
    void awaitDone(Duration atMost) throws InterruptedException {
        thread.join(atMost.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the feeder did not finish within " + atMost + " (" + sent + " sent)");
        }
        requireNoFailure();
    }

    /** The partition each event went to, in send order. */
    int[] partitions() {
        return partitions.clone();
    }

    private void requireNoFailure() {
        Exception e = failure.get();
        if (e != null) {
            throw new AssertionError("the feeder could not send: " + e, e);
        }
    }

    RegistryAvroSerdes serdes() {
        return serdes;
    }

    private void send(String topic, String key, SpecificRecord value) {
        producer.send(
                new ProducerRecord<>(
                        topic,
                        key.getBytes(StandardCharsets.UTF_8),
                        serializer(value).serialize(topic, value)),
                (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Serializer<SpecificRecord> serializer(SpecificRecord value) {
        return serializers.computeIfAbsent(value.getClass(), c ->
                (Serializer<SpecificRecord>) serdes.valueSerde((Class) c).serializer());
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        serdes.client().close();
    }
}
