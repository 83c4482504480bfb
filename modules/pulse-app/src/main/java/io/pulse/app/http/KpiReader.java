package io.pulse.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.query.StateQueries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads KPI values from the aggregates store (one partition): every window of one scope, id and period kind
 * whose start lies in a range is a single range scan, and its KPIs are computed on read from the measure vector,
 * exactly as the topology computes the rows it publishes.
 *
 * <p>Without a KPI filter a window lists the KPIs that apply to it (some input measure is non-zero), like the
 * final rows, and an open window leaves out KPIs without a value, like {@code kpi.values}; with a filter, that
 * KPI is listed for every window. A value is {@code final} when its window's end plus
 * the grace period has passed.
 */
final class KpiReader {
    /** The most windows one request may cover, so an hourly query over years cannot exhaust the heap. */
    static final int MAX_WINDOWS = 1000;

    private final KpiCatalog catalog;
    private final ZoneId zone;
    private final Duration grace;
    private final String currency;

    KpiReader(KpiCatalog catalog, ZoneId zone, Duration grace, String currency) {
        this.catalog = catalog;
        this.zone = zone;
        this.grace = grace;
        this.currency = currency;
    }

    /** Checks a range before it is routed anywhere: at most {@link #MAX_WINDOWS} windows, {@code from <= to}. */
    static void checkRange(PeriodKind kind, Instant from, Instant to) {
        if (from.isAfter(to)) {
            throw ApiException.badRequest("from " + from + " is after to " + to);
        }
        long windows = Duration.between(from, to).toMillis() / shortest(kind).toMillis() + 1;
        if (windows > MAX_WINDOWS) {
            throw ApiException.badRequest("from/to spans more than " + MAX_WINDOWS + " " + kind.id()
                    + " periods; ask for a shorter range or a longer period");
        }
    }

    /**
     * The KPI values of the windows of {@code scope}/{@code id}/{@code kind} whose start is in
     * {@code [fromStart, toStart]}, oldest first, KPIs in catalog order.
     *
     * @param kpi the only KPI wanted, or null for all that apply
     * @param now wall-clock time, for the {@code final} flag
     */
    ArrayNode read(
            ReadOnlyKeyValueStore<Bytes, MeasureVector> store,
            Scope scope,
            String id,
            PeriodKind kind,
            Instant fromStart,
            Instant toStart,
            Kpi kpi,
            Instant now) {
        Map<Long, MeasureVector> windows = StateQueries.windows(store, scope, id, kind, fromStart, toStart);
        List<Kpi> kpis = kpi == null ? catalog.all() : List.of(kpi);
        ArrayNode rows = JsonForms.array();
        for (Map.Entry<Long, MeasureVector> w : windows.entrySet()) {
            Period p = Period.startingAt(kind, Instant.ofEpochMilli(w.getKey()), zone);
            boolean fin = !p.end().plus(grace).isAfter(now);
            MeasureVector v = w.getValue();
            MeasureVector previous = null;
            boolean previousRead = false;
            for (Kpi k : kpis) {
                if (kpi == null && !k.appliesTo(v)) {
                    continue;
                }
                if (k.needsPrevious() && !previousRead) {
                    long prevStart = p.previous().start().toEpochMilli();
                    previous = windows.containsKey(prevStart)
                            ? windows.get(prevStart)
                            : StateQueries.window(store, scope, id, kind, Instant.ofEpochMilli(prevStart));
                    previousRead = true;
                }
                io.pulse.core.kpi.KpiValue value = k.compute(v, previous);
                if (kpi == null && !fin && value.value() == null) {
                    continue; // like kpi.values: an undefined live value is not listed (finals list it as null)
                }
                rows.add(JsonForms.kpiValue(k, value, scope, id, p, fin, currency));
            }
        }
        return rows;
    }

    /** The shortest length a period of this kind can have (a 23-hour day, a 28-day month). */
    private static Duration shortest(PeriodKind kind) {
        return switch (kind) {
            case HOUR -> Duration.ofMinutes(30);
            case DAY -> Duration.ofHours(23);
            case WEEK -> Duration.ofDays(7).minusHours(1);
            case MONTH -> Duration.ofDays(28).minusHours(1);
            case QUARTER -> Duration.ofDays(89).minusHours(1);
            case YEAR -> Duration.ofDays(365).minusHours(1);
        };
    }
}
