package io.pulse.app.http;

import io.pulse.avro.outputs.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The most recent alerts, newest kept, in memory: fed by the alerts topic (every instance reads every partition,
 * so every instance holds the same alerts and answers without forwarding). Ordered by the alert's time; an alert
 * id seen again (a re-read after a restart of the reader) replaces the earlier copy instead of doubling it.
 */
final class AlertBuffer {
    /** Sort key: the alert's time, then arrival order among alerts of the same millisecond. */
    private record Slot(long at, long seq) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final int capacity;
    private final NavigableMap<Slot, Alert> byTime = new TreeMap<>();
    private final Map<String, Slot> byId = new HashMap<>();
    private long seq;

    AlertBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(Alert alert) {
        Slot old = byId.remove(alert.getAlertId());
        if (old != null) {
            byTime.remove(old);
        }
        Slot slot = new Slot(alert.getAt() == null ? 0L : alert.getAt().toEpochMilli(), seq++);
        byTime.put(slot, alert);
        byId.put(alert.getAlertId(), slot);
        while (byTime.size() > capacity) {
            Map.Entry<Slot, Alert> oldest = byTime.pollFirstEntry();
            byId.remove(oldest.getValue().getAlertId());
        }
    }

    /**
     * The newest alerts first, at most {@code limit}, matching every filter given (null: any).
     *
     * @param since only alerts at or after this time
     */
    synchronized List<Alert> recent(String scope, String scopeId, Instant since, int limit) {
        return recent(scope, scopeId, since, limit, a -> true);
    }

    /** Like {@link #recent(String, String, Instant, int)}, counting only the alerts {@code visible} lets through. */
    synchronized List<Alert> recent(
            String scope, String scopeId, Instant since, int limit, java.util.function.Predicate<Alert> visible) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : byTime.descendingMap().values()) {
            if (out.size() >= limit) {
                break;
            }
            if (since != null && a.getAt() != null && a.getAt().isBefore(since)) {
                break;
            }
            if ((scope == null || scope.equals(a.getScope()))
                    && (scopeId == null || scopeId.equals(a.getScopeId()))
                    && visible.test(a)) {
                out.add(a);
            }
        }
        return out;
    }

    synchronized int size() {
        return byTime.size();
    }

    int capacity() {
        return capacity;
    }
}
