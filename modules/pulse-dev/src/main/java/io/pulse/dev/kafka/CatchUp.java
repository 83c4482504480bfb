package io.pulse.dev.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tells whether a consumer group (a Kafka Streams application id) has processed every committed record of
 * some topics. Under exactly-once the end offset counts transaction markers a consumer never sees, so
 * "committed offset == end offset" is not enough: where they differ, a read_committed consumer reads from the
 * committed offset and only data records count as lag.
 */
public final class CatchUp implements AutoCloseable {
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;

    public CatchUp(Map<String, Object> clientProperties) {
        this.admin = Admin.create(clientProperties);
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.probe = new KafkaConsumer<>(p);
    }

    /** Partitions of the topics that exist now. */
    public List<TopicPartition> partitionsOf(Collection<String> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> present = topics.stream().filter(existing::contains).toList();
            List<TopicPartition> out = new ArrayList<>();
            admin.describeTopics(present)
                    .allTopicNames()
                    .get()
                    .forEach((name, d) ->
                            d.partitions().forEach(p -> out.add(new TopicPartition(name, p.partition()))));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot describe topics " + topics + ": " + e.getCause().getMessage(), e);
        }
    }

    /** The number of committed data records of {@code partitions} that {@code groupId} has not processed yet. */
    public long lag(String groupId, List<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> specs =
                    partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(specs).all().get();
            long lag = 0;
            Map<TopicPartition, Long> toProbe = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp).offset();
                OffsetAndMetadata c = committed.get(tp);
                long from = c == null ? beginning(tp) : c.offset();
                if (end - from > 1) {
                    lag += end - from; // more than one transaction marker: certainly records to process
                } else if (from < end) {
                    toProbe.put(tp, from);
                }
            }
            if (lag > 0) {
                return lag;
            }
            for (Map.Entry<TopicPartition, Long> e : toProbe.entrySet()) {
                lag += dataRecordsFrom(
                        e.getKey(), e.getValue(), ends.get(e.getKey()).offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read offsets of group " + groupId + ": "
                            + e.getCause().getMessage(),
                    e);
        }
    }

    private long beginning(TopicPartition tp) {
        return probe.beginningOffsets(List.of(tp)).get(tp);
    }

    /** Data records between {@code from} and {@code end}, skipping transaction markers and aborted data. */
    private long dataRecordsFrom(TopicPartition tp, long from, long end) {
        probe.assign(List.of(tp));
        probe.seek(tp, from);
        long count = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (probe.position(tp) < end && System.nanoTime() < deadline) {
            count += probe.poll(Duration.ofMillis(100)).records(tp).size();
            if (count > 0) {
                return count; // some real lag: the exact amount does not matter to callers
            }
        }
        return probe.position(tp) < end ? end - probe.position(tp) : 0;
    }

    @Override
    public void close() {
        probe.close();
        admin.close();
    }
}
