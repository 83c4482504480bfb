package io.pulse.streams.query;

import io.pulse.streams.processor.EventReader;
import io.pulse.streams.processor.ScopePartitioner;

/** Which partition holds what: the same functions the topology partitions with. */
public final class Partitions {
    private Partitions() {}

    /** The partition of the aggregator stores that holds {@code scope|id}. */
    public static int ofScopeKey(String scopeKey, int partitions) {
        return ScopePartitioner.partitionOf(scopeKey, partitions);
    }

    /** The partition where the copies of an eventId meet to be deduplicated (Kafka's default partitioner of it). */
    public static int homeOfEvent(String eventId, int partitions) {
        return EventReader.homeOf(eventId, partitions);
    }
}
