package io.pulse.app.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;

/** A streams client stand-in: a settable state, an ownership function shared by instances, and local stores. */
final class FakeStreams implements StreamsView {
    /** Who owns a scope key: host and partition, or null for "unknown". */
    record Owner(HostInfo host, int partition) {}

    volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
    volatile Function<String, Owner> owners = key -> null;
    final Map<String, Map<Integer, Object>> stores = new HashMap<>();
    volatile Map<MetricName, ? extends Metric> metrics = Map.of();

    FakeStreams store(String name, int partition, Object store) {
        stores.computeIfAbsent(name, n -> new HashMap<>()).put(partition, store);
        return this;
    }

    @Override
    public KafkaStreams.State state() {
        return state;
    }

    @Override
    public KeyQueryMetadata ownerOf(String store, String scopeKey) {
        Owner o = owners.apply(scopeKey);
        return o == null ? KeyQueryMetadata.NOT_AVAILABLE : new KeyQueryMetadata(o.host(), Set.of(), o.partition());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T store(String store, QueryableStoreType<T> type, int partition) {
        Object s = stores.getOrDefault(store, Map.of()).get(partition);
        if (s == null) {
            throw new InvalidStateStoreException("partition " + partition + " of " + store + " is not here");
        }
        return (T) s;
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics;
    }
}
