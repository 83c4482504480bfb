package io.pulse.streams.processor;

import io.pulse.streams.state.Contribution;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions contributions by their scope key exactly as Kafka's default partitioner would (murmur2 of the
 * UTF-8 key), so plans keyed the same way land on the same partition; a watermark goes to every partition.
 */
public final class ContributionPartitioner implements StreamPartitioner<String, Contribution> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Contribution value, int numPartitions) {
        if (value != null && value.watermark()) {
            Set<Integer> all = new HashSet<>();
            for (int i = 0; i < numPartitions; i++) {
                all.add(i);
            }
            return Optional.of(all);
        }
        return Optional.of(Set.of(partitionOf(key, numPartitions)));
    }

    public static int partitionOf(String key, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}
