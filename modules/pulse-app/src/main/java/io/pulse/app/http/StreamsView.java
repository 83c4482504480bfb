package io.pulse.app.http;

import io.pulse.streams.processor.ScopePartitioner;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * What the API needs of the Kafka Streams client: its state, who owns a scope key, a local store partition and
 * the metrics. An interface so the API's routing can be tested without a broker; {@link #of(KafkaStreams)} is
 * the real one.
 */
public interface StreamsView {
    KafkaStreams.State state();

    /**
     * Where the partition of {@code scopeKey} ({@code scope|id}) of {@code store} lives, or
     * {@link KeyQueryMetadata#NOT_AVAILABLE} while that is unknown (rebalancing).
     */
    KeyQueryMetadata ownerOf(String store, String scopeKey);

    /** One partition of a local store; throws {@link org.apache.kafka.streams.errors.InvalidStateStoreException} when it is not queryable here now. */
    <T> T store(String store, QueryableStoreType<T> type, int partition);

    Map<MetricName, ? extends Metric> metrics();

    /**
     * The view of a real client. Every Pulse aggregator store is partitioned by the scope key with
     * {@link ScopePartitioner#partitionOf} (murmur2, like Kafka's default), so the owner of a key is
     * found with that same function.
     */
    static StreamsView of(KafkaStreams streams) {
        Objects.requireNonNull(streams, "streams");
        return new StreamsView() {
            @Override
            public KafkaStreams.State state() {
                return streams.state();
            }

            @Override
            public KeyQueryMetadata ownerOf(String store, String scopeKey) {
                return streams.queryMetadataForKey(store, scopeKey,
                        (topic, key, value, n) -> Optional.of(Set.of(ScopePartitioner.partitionOf(key, n))));
            }

            @Override
            public <T> T store(String store, QueryableStoreType<T> type, int partition) {
                return streams.store(StoreQueryParameters.fromNameAndType(store, type).withPartition(partition));
            }

            @Override
            public Map<MetricName, ? extends Metric> metrics() {
                return streams.metrics();
            }
        };
    }
}
