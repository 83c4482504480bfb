package io.pulse.app.http;

import io.pulse.app.access.AccessException;
import io.pulse.app.access.TeamDirectory;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.streams.query.StateQueries;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The directory as the topology keeps it: the global table {@link StateQueries#directoryStore()} (every instance
 * holds all of it) of the validated entries, read here without a copy of its own. Until the streams client is
 * attached and the table restored, a lookup answers 503, never "not a member".
 */
final class StreamsTeamDirectory implements TeamDirectory {
    private volatile KafkaStreams streams;

    void attach(KafkaStreams kafkaStreams) {
        this.streams = kafkaStreams;
    }

    @Override
    public String teamOf(String employee) {
        KafkaStreams s = streams;
        if (s == null || employee == null) {
            throw new AccessException(503, "the directory of teams is not readable yet; retry shortly");
        }
        try {
            ReadOnlyKeyValueStore<String, DirectoryEntry> store = s.store(
                    StoreQueryParameters.fromNameAndType(StateQueries.directoryStore(), StateQueries.directoryType()));
            // The team now: the latest dated assignment by now, else the undated one.
            return StateQueries.teamAt(store, employee, System.currentTimeMillis());
        } catch (RuntimeException e) {
            throw new AccessException(
                    503, "the directory of teams is not readable now (" + e.getMessage() + "); retry shortly");
        }
    }
}
