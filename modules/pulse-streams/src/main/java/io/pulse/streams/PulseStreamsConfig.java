package io.pulse.streams;

import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Typed, immutable configuration of the topology. Validated on construction; defaults are the named
 * constants below. The service maps its YAML and environment variables onto this record.
 *
 * @param topicPrefix       prefix of every Pulse topic ({@code pulse.})
 * @param zone              business time zone of all calendar periods
 * @param currency          the ISO currency every money field must be in
 * @param periods           the period kinds aggregated
 * @param grace             how long after its end a window still accepts events
 * @param dedupeHorizon     how long an eventId is remembered
 * @param customKpis        custom KPI id to expression (SPEC §3), in order
 * @param partitions        partitions of the repartition topics (the unit of parallelism)
 * @param emitInterval      how often changed KPI values are published (wall clock)
 * @param closeOnWallClock  close windows on wall-clock time too, so quiet keys close on time; off for replay
 */
public record PulseStreamsConfig(String topicPrefix, ZoneId zone, String currency, Set<PeriodKind> periods,
                                 Duration grace, Duration dedupeHorizon, Map<String, String> customKpis,
                                 int partitions, Duration emitInterval, boolean closeOnWallClock) {
    public static final String DEFAULT_TOPIC_PREFIX = "pulse.";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
    public static final String DEFAULT_CURRENCY = "USD";
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_DEDUPE_HORIZON = Duration.ofDays(7);
    public static final int DEFAULT_PARTITIONS = 6;
    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofSeconds(1);

    public PulseStreamsConfig {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(currency, "currency");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency: '" + currency + "' is not an ISO 4217 code such as RUB or USD");
        }
        if (periods == null || periods.isEmpty()) {
            throw new IllegalArgumentException("periods: at least one period kind is required");
        }
        periods = Collections.unmodifiableSet(EnumSet.copyOf(periods));
        requirePositive(grace, "grace", true);
        requirePositive(dedupeHorizon, "dedupeHorizon", false);
        requirePositive(emitInterval, "emitInterval", false);
        customKpis = Collections.unmodifiableMap(new LinkedHashMap<>(customKpis == null ? Map.of() : customKpis));
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: must be at least 1, was " + partitions);
        }
        // Fails here, at start-up, with the KPI and position named.
        KpiCatalog.builtIn().withCustom(customKpis);
    }

    private static void requirePositive(Duration d, String name, boolean zeroAllowed) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new IllegalArgumentException(name + ": must be positive, was " + d);
        }
    }

    public KpiCatalog catalog() {
        return KpiCatalog.builtIn().withCustom(customKpis);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with every default filled in. */
    public static final class Builder {
        private String topicPrefix = DEFAULT_TOPIC_PREFIX;
        private ZoneId zone = DEFAULT_ZONE;
        private String currency = DEFAULT_CURRENCY;
        private Set<PeriodKind> periods = EnumSet.allOf(PeriodKind.class);
        private Duration grace = DEFAULT_GRACE;
        private Duration dedupeHorizon = DEFAULT_DEDUPE_HORIZON;
        private Map<String, String> customKpis = new LinkedHashMap<>();
        private int partitions = DEFAULT_PARTITIONS;
        private Duration emitInterval = DEFAULT_EMIT_INTERVAL;
        private boolean closeOnWallClock = true;

        public Builder topicPrefix(String v) {
            topicPrefix = v;
            return this;
        }

        public Builder zone(ZoneId v) {
            zone = v;
            return this;
        }

        public Builder currency(String v) {
            currency = v;
            return this;
        }

        public Builder periods(Set<PeriodKind> v) {
            periods = v;
            return this;
        }

        public Builder grace(Duration v) {
            grace = v;
            return this;
        }

        public Builder dedupeHorizon(Duration v) {
            dedupeHorizon = v;
            return this;
        }

        public Builder customKpis(Map<String, String> v) {
            customKpis = new LinkedHashMap<>(v);
            return this;
        }

        public Builder customKpi(String id, String expression) {
            customKpis.put(id, expression);
            return this;
        }

        public Builder partitions(int v) {
            partitions = v;
            return this;
        }

        public Builder emitInterval(Duration v) {
            emitInterval = v;
            return this;
        }

        public Builder closeOnWallClock(boolean v) {
            closeOnWallClock = v;
            return this;
        }

        public PulseStreamsConfig build() {
            return new PulseStreamsConfig(topicPrefix, zone, currency, periods, grace, dedupeHorizon, customKpis,
                    partitions, emitInterval, closeOnWallClock);
        }
    }
}
