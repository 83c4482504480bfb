package io.pulse.it.failure;

import io.pulse.app.config.PulseConfig;
import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.streams.RegistryAvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Pulse's outputs as a downstream consumer sees them: read_committed, from the beginning, accumulated across calls
 * to {@link #poll()} (so a test can wait for what it expects without reading everything again).
 */
final class Outputs implements AutoCloseable {
    /** One output record with where it was. */
    record Out<T>(String key, T value, int partition, long offset) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RegistryAvroSerdes serdes;
    private final PulseConfig config;
    private final Deserializer<KpiValue> finalsDe;
    private final Deserializer<Scorecard> scorecardsDe;
    private final Deserializer<Alert> alertsDe;
    private final Deserializer<RejectedRecord> rejectedDe;
    final List<Out<KpiValue>> finals = new ArrayList<>();
    final List<Out<Scorecard>> scorecards = new ArrayList<>();
    final List<Out<Alert>> alerts = new ArrayList<>();
    final List<Out<RejectedRecord>> dlq = new ArrayList<>();
    final List<Out<RejectedRecord>> late = new ArrayList<>();

    Outputs(PulseConfig config) {
        this.config = config;
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        serdes = new RegistryAvroSerdes(config.serdeConfig());
        finalsDe = serdes.valueSerde(KpiValue.class).deserializer();
        scorecardsDe = serdes.valueSerde(Scorecard.class).deserializer();
        alertsDe = serdes.valueSerde(Alert.class).deserializer();
        rejectedDe = serdes.valueSerde(RejectedRecord.class).deserializer();
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : List.of(
                config.topicNames().kpiFinal().name(),
                config.topicNames().scorecards().name(),
                config.topicNames().alerts().name(),
                config.topicNames().dlq().name(),
                config.topicNames().late().name())) {
            consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Reads what is there now, up to the committed end of every output partition. */
    Outputs poll() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumer.assignment().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cannot read Pulse's outputs to their end");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                add(r);
            }
        }
        return this;
    }

    private void add(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
        String t = r.topic();
        if (t.equals(config.topicNames().kpiFinal().name())) {
            finals.add(new Out<>(key, finalsDe.deserialize(t, r.value()), r.partition(), r.offset()));
        } else if (t.equals(config.topicNames().scorecards().name())) {
            Scorecard s = scorecardsDe.deserialize(t, r.value());
            if (s.getFinal$()) {
                scorecards.add(new Out<>(key, s, r.partition(), r.offset()));
            }
        } else if (t.equals(config.topicNames().alerts().name())) {
            alerts.add(new Out<>(key, alertsDe.deserialize(t, r.value()), r.partition(), r.offset()));
        } else if (t.equals(config.topicNames().dlq().name())) {
            dlq.add(new Out<>(key, rejectedDe.deserialize(t, r.value()), r.partition(), r.offset()));
        } else {
            late.add(new Out<>(key, rejectedDe.deserialize(t, r.value()), r.partition(), r.offset()));
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        serdes.client().close();
    }
}
