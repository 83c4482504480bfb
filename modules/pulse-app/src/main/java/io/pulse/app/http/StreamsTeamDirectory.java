package io.pulse.app.http;

import io.pulse.app.access.AccessException;
import io.pulse.app.access.TeamDirectory;
import io.pulse.avro.control.DirectoryEntry;
import io.pulse.streams.PulseTopology;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The directory as the topology keeps it: the global table {@link PulseTopology#DIRECTORY_STORE} (every instance
 * holds all of it), employee id to the validated directory entry's Avro bytes, read here without a copy of its own.
 * Until the streams client is attached and the table restored, a lookup answers 503, never "not a member".
 */
final class StreamsTeamDirectory implements TeamDirectory {
    private final Deserializer<DirectoryEntry> deserializer;
    private final String topic;
    private volatile KafkaStreams streams;

    /**
     * @param deserializer the directory entries' Avro deserializer
     * @param topic        the topic whose schema subject the entries are registered under
     */
    StreamsTeamDirectory(Deserializer<DirectoryEntry> deserializer, String topic) {
        this.deserializer = deserializer;
        this.topic = topic;
    }

    void attach(KafkaStreams kafkaStreams) {
        this.streams = kafkaStreams;
    }

    @Override
    public String teamOf(String employee) {
        KafkaStreams s = streams;
        if (s == null || employee == null) {
            throw new AccessException(503, "the directory of teams is not readable yet; retry shortly");
        }
        byte[] raw;
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = s.store(StoreQueryParameters.fromNameAndType(
                    PulseTopology.DIRECTORY_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            // The team now: the latest dated assignment by now, else the undated one (DirectoryKeys).
            raw = io.pulse.streams.query.StateQueries.directoryEntryAt(store, employee, System.currentTimeMillis());
        } catch (RuntimeException e) {
            throw new AccessException(503, "the directory of teams is not readable now (" + e.getMessage()
                    + "); retry shortly");
        }
        if (raw == null) {
            return null;
        }
        try {
            DirectoryEntry entry = deserializer.deserialize(topic, raw);
            return entry == null || entry.getTeam() == null || entry.getTeam().isBlank() ? null : entry.getTeam();
        } catch (RuntimeException e) {
            return null; // an entry that does not decode makes nobody a member
        }
    }
}
