package io.pulse.streams.processor;

import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recent periods, since almost every event falls in the same hour, day, week, month, quarter and
 * year as the one before it: the zone arithmetic of {@link Period#containing} runs once per boundary instead
 * of once per event, scope and kind. Also remembers periods by start, with their names, for output rows.
 */
final class PeriodCache {
    private static final int MAX_BY_START = 4096;

    private final ZoneId zone;
    private final Map<PeriodKind, Period> last = new EnumMap<>(PeriodKind.class);
    private final Map<Long, Period>[] byStart;

    @SuppressWarnings("unchecked")
    PeriodCache(ZoneId zone) {
        this.zone = zone;
        this.byStart = new Map[PeriodKind.values().length];
        for (int i = 0; i < byStart.length; i++) {
            byStart[i] = new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Period> eldest) {
                    return size() > MAX_BY_START;
                }
            };
        }
    }

    Period containing(PeriodKind kind, long epochMillis) {
        Period p = last.get(kind);
        if (p != null
                && epochMillis >= p.start().toEpochMilli()
                && epochMillis < p.end().toEpochMilli()) {
            return p;
        }
        p = Period.containing(kind, Instant.ofEpochMilli(epochMillis), zone);
        last.put(kind, p);
        return p;
    }

    Period startingAt(PeriodKind kind, long startMillis) {
        return byStart[kind.ordinal()].computeIfAbsent(
                startMillis, s -> Period.startingAt(kind, Instant.ofEpochMilli(s), zone));
    }
}
