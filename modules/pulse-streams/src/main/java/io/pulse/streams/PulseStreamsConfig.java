package io.pulse.streams;

import io.pulse.core.alert.ThresholdRule;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.pace.WorkingTime;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param closeOnWallClock  whether the wall clock may advance the watermark once every input partition is idle
 *                          (SPEC §9 "idle and live"), so quiet keys close on time; off for replay
 * @param alertRules        threshold rules (SPEC §5, §7 {@code alerts:})
 * @param workingTime       working days and hours in the business zone, for pace
 * @param paceTolerance     PACE_BEHIND when fact &lt; expected x (1 - tolerance)
 * @param paceMinElapsed    no pace alert before this share of a period's working time has passed
 * @param paceInterval      how often every plan's pace is checked as the watermark advances
 * @param idleTimeout       silence after which an input partition stops holding the watermark back; zero: never
 * @param flushInterval     how often the reading tasks forward their folded deltas; zero: every
 *                          {@code flushRecords} records read, with no wall clock (replay)
 * @param flushRecords      with a zero flush interval, how many records a reading task folds before it forwards
 * @param dedupe            where events are deduplicated (see {@link DedupeMode})
 * @param retention         how long a closed window of each kind is kept (history queries, the previous window of
 *                          {@code revenue_growth}) before it is removed from the stores and their changelogs
 * @param liveOutputs       whether changed KPI values and live scorecards are published every emit interval; off
 *                          for replay, which writes only finals, final scorecards and alerts (alerts are raised
 *                          either way)
 * @param changelogs        whether the stores are backed by changelog topics, so that another instance can take a
 *                          task over; off only for replay, whose state lives for one run on a broker of its own
 *                          (so closed windows' customer sets are left to go with it, and the dedupe store, written
 *                          by nothing else, can tell a new eventId without asking RocksDB)
 */
public record PulseStreamsConfig(
        String topicPrefix,
        ZoneId zone,
        String currency,
        Set<PeriodKind> periods,
        Duration grace,
        Duration dedupeHorizon,
        Map<String, String> customKpis,
        int partitions,
        Duration emitInterval,
        boolean closeOnWallClock,
        List<ThresholdRule> alertRules,
        WorkingTime workingTime,
        BigDecimal paceTolerance,
        BigDecimal paceMinElapsed,
        Duration paceInterval,
        Duration idleTimeout,
        Duration flushInterval,
        int flushRecords,
        DedupeMode dedupe,
        Map<PeriodKind, Duration> retention,
        boolean liveOutputs,
        boolean changelogs) {
    public static final String DEFAULT_TOPIC_PREFIX = "pulse.";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
    public static final String DEFAULT_CURRENCY = "USD";
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_DEDUPE_HORIZON = Duration.ofDays(7);
    public static final int DEFAULT_PARTITIONS = 6;
    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofSeconds(1);
    public static final BigDecimal DEFAULT_PACE_TOLERANCE = new BigDecimal("0.2");
    public static final BigDecimal DEFAULT_PACE_MIN_ELAPSED = new BigDecimal("0.1");
    public static final Duration DEFAULT_PACE_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);
    /** Closed windows are kept this long after their end: hours a week, days 400 days, weeks and months 3 years, ... */
    public static final Map<PeriodKind, Duration> DEFAULT_RETENTION = Map.of(
            PeriodKind.HOUR,
            Duration.ofDays(7),
            PeriodKind.DAY,
            Duration.ofDays(400),
            PeriodKind.WEEK,
            Duration.ofDays(1095),
            PeriodKind.MONTH,
            Duration.ofDays(1095),
            PeriodKind.QUARTER,
            Duration.ofDays(3650),
            PeriodKind.YEAR,
            Duration.ofDays(3650));

    /** Where duplicates of an event meet (README "Exactly once"). */
    public enum DedupeMode {
        /**
         * Events are deduplicated in the partition their eventId hashes to with Kafka's default partitioner: an
         * event read there (the input is keyed by eventId, as {@code pulse produce} does) is deduplicated where it
         * is read; any other goes there through the by-eventId topic first. The default.
         */
        BY_KEY,
        /** Every event goes through the by-eventId topic: for inputs keyed by something else altogether. */
        BY_EVENT_ID;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public PulseStreamsConfig {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(currency, "currency");
        String currencyProblem = currencyProblem(currency);
        if (currencyProblem != null) {
            throw new IllegalArgumentException("currency: " + currencyProblem);
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
        KpiCatalog catalog = KpiCatalog.builtIn().withCustom(customKpis);
        alertRules = List.copyOf(alertRules == null ? List.of() : alertRules);
        for (ThresholdRule r : alertRules) {
            if (!catalog.contains(r.kpi())) {
                throw new IllegalArgumentException(
                        "alerts: rule '" + r.name() + "' names unknown KPI '" + r.kpi() + "'");
            }
            if (r.period() != null && !periods.contains(r.period())) {
                throw new IllegalArgumentException("alerts: rule '" + r.name() + "' uses period '"
                        + r.period().id() + "' which is not aggregated (periods: " + periods + ")");
            }
        }
        Objects.requireNonNull(workingTime, "workingTime");
        Objects.requireNonNull(paceTolerance, "paceTolerance");
        if (paceTolerance.signum() < 0 || paceTolerance.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("pace.tolerance: must be in [0, 1), was " + paceTolerance);
        }
        Objects.requireNonNull(paceMinElapsed, "paceMinElapsed");
        if (paceMinElapsed.signum() < 0 || paceMinElapsed.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("pace.minElapsed: must be in [0, 1), was " + paceMinElapsed);
        }
        requirePositive(paceInterval, "paceInterval", false);
        requirePositive(idleTimeout, "idleTimeout", true);
        requirePositive(flushInterval, "flushInterval", true);
        if (flushRecords < 1) {
            throw new IllegalArgumentException("flushRecords: must be at least 1, was " + flushRecords);
        }
        Objects.requireNonNull(dedupe, "dedupe");
        Map<PeriodKind, Duration> r = new java.util.EnumMap<>(DEFAULT_RETENTION);
        if (retention != null) {
            r.putAll(retention);
        }
        for (Map.Entry<PeriodKind, Duration> e : r.entrySet()) {
            // A window's final needs the previous window of its kind (revenue_growth): keep that one at least.
            Duration least = longest(e.getKey()).plus(grace);
            if (e.getValue() == null || e.getValue().compareTo(least) < 0) {
                throw new IllegalArgumentException("retention." + e.getKey().id() + ": must be at least " + least
                        + " (the longest " + e.getKey().id() + " plus grace, for revenue_growth), was " + e.getValue());
            }
        }
        retention = Collections.unmodifiableMap(r);
    }

    /**
     * Why {@code currency} is not an ISO 4217 code (three capitals the JDK knows as a currency), or null when it is
     * one. The one currency check: the service's configuration asks it too.
     */
    public static String currencyProblem(String currency) {
        if (currency.matches("[A-Z]{3}")) {
            try {
                Currency.getInstance(currency);
                return null;
            } catch (IllegalArgumentException unknown) {
                // reported below
            }
        }
        return "'" + currency + "' is not an ISO 4217 currency code such as RUB or USD";
    }

    /** The longest a period of this kind can be. */
    private static Duration longest(PeriodKind kind) {
        return switch (kind) {
            case HOUR -> Duration.ofHours(1);
            case DAY -> Duration.ofHours(25);
            case WEEK -> Duration.ofDays(7).plusHours(1);
            case MONTH -> Duration.ofDays(31).plusHours(1);
            case QUARTER -> Duration.ofDays(92).plusHours(1);
            case YEAR -> Duration.ofDays(366).plusHours(1);
        };
    }

    /** A builder holding this configuration, to change a few settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.topicPrefix = topicPrefix;
        b.zone = zone;
        b.currency = currency;
        b.periods = periods;
        b.grace = grace;
        b.dedupeHorizon = dedupeHorizon;
        b.customKpis = new LinkedHashMap<>(customKpis);
        b.partitions = partitions;
        b.emitInterval = emitInterval;
        b.closeOnWallClock = closeOnWallClock;
        b.alertRules = alertRules;
        b.workingTime = workingTime;
        b.paceTolerance = paceTolerance;
        b.paceMinElapsed = paceMinElapsed;
        b.paceInterval = paceInterval;
        b.idleTimeout = idleTimeout;
        b.flushInterval = flushInterval;
        b.flushRecords = flushRecords;
        b.dedupe = dedupe;
        b.retention = new java.util.EnumMap<>(retention);
        b.liveOutputs = liveOutputs;
        b.changelogs = changelogs;
        return b;
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
        private List<ThresholdRule> alertRules = List.of();
        private WorkingTime workingTime = WorkingTime.DEFAULT;
        private BigDecimal paceTolerance = DEFAULT_PACE_TOLERANCE;
        private BigDecimal paceMinElapsed = DEFAULT_PACE_MIN_ELAPSED;
        private Duration paceInterval = DEFAULT_PACE_INTERVAL;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int flushRecords = 1;
        private DedupeMode dedupe = DedupeMode.BY_KEY;
        private Map<PeriodKind, Duration> retention = new java.util.EnumMap<>(DEFAULT_RETENTION);
        private boolean liveOutputs = true;
        private boolean changelogs = true;

        public Builder changelogs(boolean v) {
            changelogs = v;
            return this;
        }

        public Builder liveOutputs(boolean v) {
            liveOutputs = v;
            return this;
        }

        public Builder retention(Map<PeriodKind, Duration> v) {
            retention = new java.util.EnumMap<>(DEFAULT_RETENTION);
            retention.putAll(v);
            return this;
        }

        public Builder retention(PeriodKind kind, Duration v) {
            retention.put(kind, v);
            return this;
        }

        public Builder flushRecords(int v) {
            flushRecords = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder flushInterval(Duration v) {
            flushInterval = v;
            return this;
        }

        public Builder dedupe(DedupeMode v) {
            dedupe = v;
            return this;
        }

        public Builder alertRules(List<ThresholdRule> v) {
            alertRules = v;
            return this;
        }

        public Builder workingTime(WorkingTime v) {
            workingTime = v;
            return this;
        }

        public Builder paceTolerance(BigDecimal v) {
            paceTolerance = v;
            return this;
        }

        public Builder paceMinElapsed(BigDecimal v) {
            paceMinElapsed = v;
            return this;
        }

        public Builder paceInterval(Duration v) {
            paceInterval = v;
            return this;
        }

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
            return new PulseStreamsConfig(
                    topicPrefix,
                    zone,
                    currency,
                    periods,
                    grace,
                    dedupeHorizon,
                    customKpis,
                    partitions,
                    emitInterval,
                    closeOnWallClock,
                    alertRules,
                    workingTime,
                    paceTolerance,
                    paceMinElapsed,
                    paceInterval,
                    idleTimeout,
                    flushInterval,
                    flushRecords,
                    dedupe,
                    retention,
                    liveOutputs,
                    changelogs);
        }
    }
}
