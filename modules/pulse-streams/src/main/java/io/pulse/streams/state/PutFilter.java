package io.pulse.streams.state;

/**
 * A bloom filter of (key hash, window start) pairs: {@link #mayContain} is false only for a pair never added. Three
 * probes in 2^23 bits (1 MB): at its capacity of a million pairs about 3 % of absent pairs look present. Past it the
 * filter says "maybe" to everything, and every lookup goes to the store as without it.
 */
final class PutFilter {
    static final int BITS = 1 << 23;
    static final int CAPACITY = 1_000_000;
    private static final int PROBES = 3;

    private final long[] words;
    private final int capacity;
    private int added;

    PutFilter() {
        this(BITS, CAPACITY);
    }

    PutFilter(int bits, int capacity) {
        if (Integer.bitCount(bits) != 1 || bits < 64) {
            throw new IllegalArgumentException("bits must be a power of two of at least 64: " + bits);
        }
        this.words = new long[bits / 64];
        this.capacity = capacity;
    }

    void add(int keyHash, long windowStart) {
        if (added > capacity) {
            return;
        }
        added++;
        long h = mix(keyHash, windowStart);
        for (int i = 0; i < PROBES; i++) {
            int bit = bit(h, i);
            words[bit >>> 6] |= 1L << bit;
        }
    }

    boolean mayContain(int keyHash, long windowStart) {
        if (added > capacity) {
            return true;
        }
        long h = mix(keyHash, windowStart);
        for (int i = 0; i < PROBES; i++) {
            int bit = bit(h, i);
            if ((words[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The i-th probe's bit: two halves of one hash, combined (Kirsch and Mitzenmacher). */
    private int bit(long h, int i) {
        return ((int) h + i * ((int) (h >>> 32) | 1)) & (words.length * 64 - 1);
    }

    /** MurmurHash3's 64-bit finalizer over the pair. */
    private static long mix(int keyHash, long windowStart) {
        long x = windowStart * 0x9E3779B97F4A7C15L ^ keyHash;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }
}
