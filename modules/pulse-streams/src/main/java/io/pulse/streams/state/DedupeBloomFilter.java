package io.pulse.streams.state;

import io.pulse.streams.PulseTopology;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB settings for Pulse's stores: a whole-key bloom filter in the memtables of the dedupe store.
 *
 * <p>Each event looks up its eventId under up to three dedupe generations, and nearly every lookup misses (a
 * duplicate is rare). Kafka Streams gives the store's files a bloom filter, but not its memtables, where the entries
 * of the last minutes and hours live: each miss there searched a skip list of every recent eventId, about a quarter of
 * the reading thread in a replay. The filter answers most misses without the search, for 2% of the memtable's size
 * (16 MB by default in Kafka Streams: about 320 KB, some 10 bits per eventId it holds). Every other store keeps
 * Kafka Streams' defaults.
 */
public final class DedupeBloomFilter implements RocksDBConfigSetter {
    /** The filter's size against the memtable's. */
    static final double SIZE_RATIO = 0.02;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        // A segmented store opens one database per segment, named after the store.
        if (storeName.startsWith(PulseTopology.DEDUPE_STORE)) {
            options.setMemtablePrefixBloomSizeRatio(SIZE_RATIO);
            options.setMemtableWholeKeyFiltering(true);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing allocated here
    }
}
