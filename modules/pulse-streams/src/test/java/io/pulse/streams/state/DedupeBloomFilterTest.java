package io.pulse.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pulse.streams.PulseTopology;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;

class DedupeBloomFilterTest {
    @Test
    void filtersTheDedupeStoresSegmentsOnly() {
        DedupeBloomFilter setter = new DedupeBloomFilter();
        try (Options segment = new Options();
                Options aggregates = new Options()) {
            setter.setConfig(PulseTopology.DEDUPE_STORE + ".1774569600000", segment, Map.of());
            setter.setConfig(PulseTopology.AGGREGATES_STORE, aggregates, Map.of());

            assertEquals(DedupeBloomFilter.SIZE_RATIO, segment.memtablePrefixBloomSizeRatio());
            assertTrue(segment.memtableWholeKeyFiltering());
            assertEquals(0.0, aggregates.memtablePrefixBloomSizeRatio());
            assertFalse(aggregates.memtableWholeKeyFiltering());
        }
    }
}
