package io.pulse.streams.processor;

import io.pulse.streams.state.Routed;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the by-eventId topic: an event goes to its home partition (where the copies of its eventId meet,
 * {@link EventReader#homeOf}); a reading task's progress goes to every partition.
 */
public final class HomePartitioner implements StreamPartitioner<String, Routed> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Routed value, int numPartitions) {
        if (value instanceof Routed.Event e) {
            return Optional.of(Set.of(EventReader.homeOf(e.event().eventId(), numPartitions)));
        }
        return Optional.of(ScopePartitioner.all(numPartitions));
    }
}
