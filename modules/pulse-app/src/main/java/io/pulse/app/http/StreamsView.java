package io.pulse.app.http;

import io.pulse.streams.query.Partitions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
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
     * Every local active partition of a store as one read-only store (the dashboard's lists of scope ids); null when
     * this instance holds no active task at all (more instances than partitions), which is an empty answer, not an
     * error.
     */
    default <T> T localStore(String store, QueryableStoreType<T> type) {
        throw new org.apache.kafka.streams.errors.InvalidStateStoreException("no local stores in this view");
    }

    /** The {@code application.server} of every other instance of this application. */
    default Set<HostInfo> otherHosts() {
        return Set.of();
    }

    /**
     * The view of a real client. Every Pulse aggregator store is partitioned by the scope key with
     * {@link Partitions#ofScopeKey} (murmur2, like Kafka's default), so the owner of a key is
     * found with that same function.
     */
    static StreamsView of(KafkaStreams streams, HostInfo self) {
        Objects.requireNonNull(streams, "streams");
        return new StreamsView() {
            @Override
            public KafkaStreams.State state() {
                return streams.state();
            }

            @Override
            public KeyQueryMetadata ownerOf(String store, String scopeKey) {
                return streams.queryMetadataForKey(
                        store, scopeKey, (topic, key, value, n) -> Optional.of(Set.of(Partitions.ofScopeKey(key, n))));
            }

            @Override
            public <T> T store(String store, QueryableStoreType<T> type, int partition) {
                return streams.store(
                        StoreQueryParameters.fromNameAndType(store, type).withPartition(partition));
            }

            @Override
            public Map<MetricName, ? extends Metric> metrics() {
                return streams.metrics();
            }

            @Override
            public <T> T localStore(String store, QueryableStoreType<T> type) {
                if (streams.metadataForLocalThreads().stream()
                        .allMatch(t -> t.activeTasks().isEmpty())) {
                    return null;
                }
                return streams.store(StoreQueryParameters.fromNameAndType(store, type));
            }

            @Override
            public Set<HostInfo> otherHosts() {
                Set<HostInfo> hosts = new java.util.HashSet<>();
                streams.metadataForAllStreamsClients().forEach(m -> hosts.add(m.hostInfo()));
                hosts.remove(self);
                hosts.remove(HostInfo.unavailable());
                return hosts;
            }
        };
    }
}
