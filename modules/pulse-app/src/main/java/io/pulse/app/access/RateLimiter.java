package io.pulse.app.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code rate} requests per second on average, bursts up to twice that. Buckets
 * of clients that went quiet are dropped when the table grows, so a scan of many addresses cannot fill memory.
 */
public final class RateLimiter {
    private static final int MAX_CLIENTS = 10_000;

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }
    }

    private final double rate;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond requests per second per client; 0 lets everything through */
    public RateLimiter(int perSecond) {
        this.rate = perSecond;
        this.burst = 2.0 * perSecond;
    }

    public boolean enabled() {
        return rate > 0;
    }

    /** Whether {@code client} may make one more request now (and counts it). */
    public boolean tryAcquire(String client, long nanoTime) {
        if (rate <= 0) {
            return true;
        }
        if (buckets.size() > MAX_CLIENTS) {
            long horizon = nanoTime - (long) (burst / rate * 1e9);
            buckets.values().removeIf(b -> b.last < horizon);
        }
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, nanoTime));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (nanoTime - b.last) / 1e9 * rate);
            b.last = nanoTime;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    public int perSecond() {
        return (int) rate;
    }
}
