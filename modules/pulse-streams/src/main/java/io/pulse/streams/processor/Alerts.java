package io.pulse.streams.processor;

import io.pulse.avro.outputs.Alert;
import io.pulse.core.Scope;
import io.pulse.core.alert.AlertType;
import io.pulse.core.alert.CrossingState;
import io.pulse.core.alert.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Crossing state of every alert and the building of alert records. The state of one alert is the number of
 * times it has fired and whether it is fired now, so the n-th crossing of the same condition gets the same
 * stable id on every replay.
 */
final class Alerts {
    private final KeyValueStore<String, Long> state;

    /** The outcome of one evaluation: what to do, and the crossing number that names the alert. */
    record Step(CrossingState.Transition transition, long crossing) {
        boolean fired() {
            return transition == CrossingState.Transition.FIRE;
        }

        boolean rearmed() {
            return transition == CrossingState.Transition.REARM;
        }
    }

    Alerts(KeyValueStore<String, Long> state) {
        this.state = state;
    }

    Step evaluate(String stateKey, boolean holds) {
        Long s = state.get(stateKey);
        boolean fired = s != null && (s & 1) == 1;
        long crossings = s == null ? 0 : s >>> 1;
        CrossingState.Transition t = CrossingState.next(fired, holds);
        if (t == CrossingState.Transition.FIRE) {
            crossings++;
            state.put(stateKey, (crossings << 1) | 1);
        } else if (t == CrossingState.Transition.REARM) {
            state.put(stateKey, crossings << 1);
        }
        return new Step(t, crossings);
    }

    /** Forgets every state whose key starts with {@code prefix}, when its window or period is over. */
    void forget(String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> it =
                state.prefixScan(prefix, new org.apache.kafka.common.serialization.StringSerializer())) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.forEach(state::delete);
    }

    static Alert build(
            String alertId,
            AlertType type,
            Severity severity,
            String rule,
            String kpi,
            Scope scope,
            String id,
            String period,
            String periodStart,
            BigDecimal value,
            BigDecimal limit,
            BigDecimal expected,
            BigDecimal projection,
            long at,
            String message) {
        return Alert.newBuilder()
                .setAlertId(alertId)
                .setType(type.name())
                .setSeverity(severity.id())
                .setRule(rule)
                .setKpi(kpi)
                .setScope(scope.id())
                .setScopeId(id)
                .setPeriod(period)
                .setPeriodStart(periodStart)
                .setValue(KpiRows.scaled(value))
                .setLimit(KpiRows.scaled(limit))
                .setExpected(KpiRows.scaled(expected))
                .setProjection(KpiRows.scaled(projection))
                .setAt(Instant.ofEpochMilli(at))
                .setMessage(message)
                .build();
    }

    /** A number for people: at most two decimals, no trailing zeros. */
    static String fmt(BigDecimal d) {
        if (d == null) {
            return "n/a";
        }
        BigDecimal r = d.setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
    }
}
