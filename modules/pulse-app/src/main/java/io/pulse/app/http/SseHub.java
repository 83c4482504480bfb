package io.pulse.app.http;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans output updates out to server-sent-event clients. Each client has its own bounded queue, drained by the
 * thread that serves its connection, so a slow client never holds up the reader of the output topics or the other
 * clients; when its queue is full the oldest update is dropped (a newer value of the same KPI follows) and
 * counted. Idle connections get a comment every keep-alive interval so proxies keep them open.
 */
final class SseHub {
    private static final Logger LOGGER = LoggerFactory.getLogger(SseHub.class);
    private static final Item CLOSE = new Item(null, null, null, null);

    /** One update: an event name ({@code kpi}, {@code scorecard}, {@code alert}), its scope and its JSON. */
    record Item(String event, String scope, String scopeId, String json) {}

    /** What a client asked for: null fields match anything. */
    record Filter(String scope, String scopeId) {
        boolean matches(Item i) {
            return (scope == null || scope.equals(i.scope())) && (scopeId == null || scopeId.equals(i.scopeId()));
        }
    }

    private static final class Subscriber {
        final java.util.function.Predicate<Item> filter;
        final BlockingQueue<Item> queue;

        Subscriber(java.util.function.Predicate<Item> filter, int queueSize) {
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(queueSize);
        }
    }

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final int maxClients;
    private final int queueSize;
    private final Duration keepAlive;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;

    SseHub(int maxClients, int queueSize, Duration keepAlive) {
        this.maxClients = maxClients;
        this.queueSize = queueSize;
        this.keepAlive = keepAlive;
    }

    /** Offers an update to every client whose filter matches; never blocks. */
    void publish(Item item) {
        for (Subscriber s : subscribers) {
            if (!s.filter.test(item)) {
                continue;
            }
            while (!s.queue.offer(item)) {
                if (s.queue.poll() != null) {
                    dropped.incrementAndGet();
                }
            }
        }
    }

    /** Whether another client may connect now. */
    boolean accepting() {
        return !closed && subscribers.size() < maxClients;
    }

    /** Serves one client until it disconnects or the hub closes; runs on the connection's own thread. */
    void serve(SseClient client, Filter filter) {
        serve(client, filter::matches);
    }

    /**
     * Like {@link #serve(SseClient, Filter)} with any per-event test: the caller's filter and what the caller may
     * see (SPEC §10), evaluated for each event of each connection on the publishing thread.
     */
    void serve(SseClient client, java.util.function.Predicate<Item> filter) {
        serve(client, filter, () -> true);
    }

    /**
     * Like {@link #serve(SseClient, java.util.function.Predicate)}, ending the connection once {@code valid} says
     * no (checked before every event and keep-alive): the caller's credential expired or their session ended.
     */
    void serve(SseClient client, java.util.function.Predicate<Item> filter, java.util.function.BooleanSupplier valid) {
        Subscriber s = new Subscriber(filter, queueSize);
        subscribers.add(s);
        client.onClose(() -> s.queue.offer(CLOSE));
        try {
            client.sendComment("connected");
            while (!closed && !client.terminated() && valid.getAsBoolean()) {
                Item item = s.queue.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                if (item == CLOSE || !valid.getAsBoolean()) {
                    break;
                }
                if (item == null) {
                    client.sendComment("keep-alive");
                } else {
                    client.sendEvent(item.event(), item.json());
                    sent.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOGGER.debug("SSE client ended", e);
        } finally {
            subscribers.remove(s);
            client.close();
        }
    }

    int clients() {
        return subscribers.size();
    }

    long dropped() {
        return dropped.get();
    }

    long sent() {
        return sent.get();
    }

    /** Ends every connection. */
    void close() {
        closed = true;
        for (Subscriber s : subscribers) {
            s.queue.clear();
            s.queue.offer(CLOSE);
        }
    }
}
