package io.pulse.streams.processor;

import io.pulse.streams.state.ScopeInput;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions what reaches the aggregators by scope key exactly as Kafka's default partitioner would (murmur2
 * of the UTF-8 key), so plans keyed the same way land on the same partition; a watermark tick goes to every
 * partition (KIP-837 multicast), so every aggregator hears from every reading task.
 */
public final class ScopePartitioner implements StreamPartitioner<String, ScopeInput> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, ScopeInput value, int numPartitions) {
        if (value instanceof ScopeInput.Tick) {
            return Optional.of(all(numPartitions));
        }
        return Optional.of(Set.of(partitionOf(key, numPartitions)));
    }

    public static int partitionOf(String key, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }

    static Set<Integer> all(int numPartitions) {
        return IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet());
    }
}
