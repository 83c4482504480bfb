package io.pulse.app.http;

import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.io.json.OutputJson;
import io.pulse.streams.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Pulse's KPI values, scorecards and alerts topics for the API: alerts into the {@link AlertBuffer}
 * (starting about {@code alertBacklog} records back on every partition, so a fresh instance has recent alerts at
 * once) and every update from the end on to the {@link SseHub}. It uses {@code assign} without a consumer group,
 * so every instance reads every partition and none of them commits offsets; {@code read_committed}, because the
 * outputs are written in exactly-once transactions.
 */
final class OutputTap implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OutputTap.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration TOPIC_RETRY = Duration.ofSeconds(2);

    private final Map<String, Object> consumerConfig;
    private final String kpiTopic;
    private final String scorecardTopic;
    private final String alertTopic;
    private final Deserializer<KpiValue> kpis;
    private final Deserializer<Scorecard> scorecards;
    private final Deserializer<Alert> alerts;
    private final AlertBuffer buffer;
    private final SseHub hub;
    private final int alertBacklog;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean assigned;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    OutputTap(Map<String, Object> kafkaClientConfig, Topics topics, AlertBuffer buffer, SseHub hub, int alertBacklog) {
        Map<String, Object> c = new HashMap<>(kafkaClientConfig);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pulse-http-outputs-" + INSTANCES.incrementAndGet());
        this.consumerConfig = c;
        this.kpiTopic = topics.kpiValues().name();
        this.scorecardTopic = topics.scorecards().name();
        this.alertTopic = topics.alerts().name();
        this.kpis = topics.kpiValues().valueSerde().deserializer();
        this.scorecards = topics.scorecards().valueSerde().deserializer();
        this.alerts = topics.alerts().valueSerde().deserializer();
        this.buffer = buffer;
        this.hub = hub;
        this.alertBacklog = alertBacklog;
    }

    void start() {
        thread = new Thread(this::run, "pulse-http-outputs");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether every partition of the three topics is assigned (the topics exist and reading has begun). */
    boolean assigned() {
        return assigned;
    }

    long records() {
        return records.get();
    }

    long undecodable() {
        return undecodable.get();
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig)) {
            consumer = c;
            if (stopping.getCount() == 0) {
                return;
            }
            Map<TopicPartition, Long> liveFrom = assign(c);
            if (liveFrom == null) {
                return;
            }
            assigned = true;
            LOGGER.info(
                    "Reading {}, {} and {} for the HTTP API ({} alert partitions)",
                    kpiTopic,
                    scorecardTopic,
                    alertTopic,
                    liveFrom.size());
            while (stopping.getCount() > 0) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    records.incrementAndGet();
                    handle(r, liveFrom);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (KafkaException e) {
            if (stopping.getCount() > 0) {
                LOGGER.error("The HTTP API's reader of the output topics stopped; alerts and the stream are stale", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer = null;
            assigned = false;
        }
    }

    /**
     * Assigns every partition, waiting for the topics to exist; seeks alerts {@code alertBacklog} back and the
     * others to their end. Returns the end offset of each alert partition at start, or null when stopped first.
     */
    private Map<TopicPartition, Long> assign(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        boolean logged = false;
        while (stopping.getCount() > 0) {
            List<TopicPartition> all = new ArrayList<>();
            List<TopicPartition> alertPartitions = new ArrayList<>();
            String missing = null;
            for (String topic : List.of(kpiTopic, scorecardTopic, alertTopic)) {
                List<PartitionInfo> infos;
                try {
                    infos = c.partitionsFor(topic, TOPIC_RETRY);
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    infos = List.of();
                }
                if (infos == null || infos.isEmpty()) {
                    missing = topic;
                    break;
                }
                for (PartitionInfo p : infos) {
                    TopicPartition tp = new TopicPartition(topic, p.partition());
                    all.add(tp);
                    if (topic.equals(alertTopic)) {
                        alertPartitions.add(tp);
                    }
                }
            }
            if (missing == null) {
                c.assign(all);
                c.seekToEnd(all);
                Map<TopicPartition, Long> ends = c.endOffsets(alertPartitions);
                Map<TopicPartition, Long> begins = c.beginningOffsets(alertPartitions);
                for (TopicPartition tp : alertPartitions) {
                    c.seek(tp, Math.max(begins.get(tp), ends.get(tp) - alertBacklog));
                }
                return ends;
            }
            if (!logged) {
                LOGGER.info("The HTTP API waits for topic {} to exist before reading alerts and updates", missing);
                logged = true;
            }
            if (stopping.await(TOPIC_RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        }
        return null;
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, Map<TopicPartition, Long> liveFrom) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(alertTopic)) {
                Alert a = alerts.deserialize(r.topic(), r.value());
                buffer.add(a);
                Long live = liveFrom.get(new TopicPartition(r.topic(), r.partition()));
                if (live == null || r.offset() >= live) {
                    hub.publish(new SseHub.Item("alert", a.getScope(), a.getScopeId(), OutputJson.line(a)));
                }
            } else if (r.topic().equals(kpiTopic)) {
                KpiValue v = kpis.deserialize(r.topic(), r.value());
                hub.publish(new SseHub.Item("kpi", v.getScope(), v.getScopeId(), OutputJson.line(v)));
            } else if (r.topic().equals(scorecardTopic)) {
                Scorecard s = scorecards.deserialize(r.topic(), r.value());
                hub.publish(new SseHub.Item("scorecard", s.getScope(), s.getScopeId(), OutputJson.line(s)));
            }
        } catch (RuntimeException e) {
            if (undecodable.incrementAndGet() == 1) {
                LOGGER.warn(
                        "Cannot decode {}-{}@{} for the HTTP API; skipping it (and counting further ones)",
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        e);
            }
        }
    }

    @Override
    public void close() {
        stopping.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
