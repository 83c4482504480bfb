package io.pulse.app.config;

import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.StreamsSettings;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code streams:} the Kafka Streams application.
 *
 * @param applicationId     Kafka Streams {@code application.id}: instances with the same id share the work
 * @param topicPrefix       prefix of every Pulse topic ({@code pulse.events.order}, {@code pulse.kpi.values}, ...)
 * @param partitions        partitions of Pulse's topics and repartition topics: the unit of parallelism
 * @param replicationFactor replicas of Pulse's topics and of Kafka Streams' internal topics; -1 asks the
 *                          broker for its {@code default.replication.factor}
 * @param grace             how long after its end a window still accepts late events
 * @param dedupeHorizon     how long an eventId is remembered to ignore repeats
 * @param emitInterval      how often changed KPI values are published
 * @param stateDir          where RocksDB state lives, or null for Kafka Streams' default under the temp dir
 * @param standbyReplicas   warm copies of each state store on other instances, for fast fail-over
 * @param commitInterval    how often Kafka Streams commits (and so how fresh read_committed outputs are)
 * @param threads           stream threads of this instance
 * @param idleTimeout       silence after which a caught-up input partition stops holding the watermark back
 * @param flushInterval     how often reading tasks forward their folded deltas to the aggregators
 * @param dedupe            {@code by-key} (default) or {@code by-event-id}: where duplicates meet (README)
 * @param shutdownTimeout   how long a stop (SIGTERM) may take to finish in-flight work, commit and leave the group
 * @param retention         {@code streams.retention.<kind>}: how long closed windows of each kind are kept
 */
public record StreamsSection(
        String applicationId,
        String topicPrefix,
        int partitions,
        int replicationFactor,
        Duration grace,
        Duration dedupeHorizon,
        Duration emitInterval,
        Path stateDir,
        int standbyReplicas,
        Duration commitInterval,
        int threads,
        Duration idleTimeout,
        Duration flushInterval,
        PulseStreamsConfig.DedupeMode dedupe,
        Duration shutdownTimeout,
        java.util.Map<io.pulse.core.period.PeriodKind, Duration> retention) {
    public static final List<String> KEYS = List.of(
            "applicationId",
            "topicPrefix",
            "partitions",
            "replicationFactor",
            "grace",
            "dedupeHorizon",
            "emitInterval",
            "stateDir",
            "standbyReplicas",
            "commitInterval",
            "threads",
            "idleTimeout",
            "flushInterval",
            "dedupe",
            "shutdownTimeout",
            "retention");
    /** The keys that hold a value (not a section). */
    public static final List<String> SCALAR_KEYS =
            KEYS.stream().filter(k -> !k.equals("retention")).toList();
    /** {@code streams.retention.<kind>}. */
    public static final List<String> RETENTION_KEYS = java.util.Arrays.stream(io.pulse.core.period.PeriodKind.values())
            .map(io.pulse.core.period.PeriodKind::id)
            .toList();

    public static final String DEFAULT_APPLICATION_ID = StreamsSettings.DEFAULT_APPLICATION_ID;
    public static final String DEFAULT_TOPIC_PREFIX = PulseStreamsConfig.DEFAULT_TOPIC_PREFIX;
    public static final int DEFAULT_PARTITIONS = PulseStreamsConfig.DEFAULT_PARTITIONS;
    /** The broker's {@code default.replication.factor}. */
    public static final int DEFAULT_REPLICATION_FACTOR = -1;

    public static final Duration DEFAULT_GRACE = PulseStreamsConfig.DEFAULT_GRACE;
    public static final Duration DEFAULT_DEDUPE_HORIZON = PulseStreamsConfig.DEFAULT_DEDUPE_HORIZON;
    public static final Duration DEFAULT_EMIT_INTERVAL = PulseStreamsConfig.DEFAULT_EMIT_INTERVAL;
    public static final int DEFAULT_STANDBY_REPLICAS = 0;
    /** Kafka Streams' own default under exactly-once, written down so it is a decision. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    public static final int DEFAULT_THREADS = 1;
    public static final Duration DEFAULT_IDLE_TIMEOUT = PulseStreamsConfig.DEFAULT_IDLE_TIMEOUT;
    public static final Duration DEFAULT_FLUSH_INTERVAL = PulseStreamsConfig.DEFAULT_FLUSH_INTERVAL;
    /** Kubernetes' default grace period is also 30 s: give the pod a little more (deploy/ does). */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** Kafka's rule for names that become topic and group names. */
    private static final Pattern LEGAL_ID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]*");
    /** Kafka's limit on topic name length. */
    private static final int MAX_TOPIC_NAME_LENGTH = 249;
    /** The longest name the prefix goes in front of ({@code events.impression}). */
    private static final int LONGEST_SUFFIX = "events.impression".length();

    public StreamsSection {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        if (!LEGAL_ID.matcher(applicationId).matches()) {
            throw new InvalidConfigException(
                    "streams.applicationId",
                    "'" + applicationId + "' may contain only letters, digits, '.', '_' and '-' (1-200 characters)");
        }
        if (!LEGAL_PREFIX.matcher(topicPrefix).matches()) {
            throw new InvalidConfigException(
                    "streams.topicPrefix",
                    "topic prefix '" + topicPrefix + "' may contain only letters, digits, '.', '_' and '-'");
        }
        if (topicPrefix.length() + LONGEST_SUFFIX > MAX_TOPIC_NAME_LENGTH) {
            throw new InvalidConfigException(
                    "streams.topicPrefix",
                    "topic prefix is too long: topic names are " + "limited to " + MAX_TOPIC_NAME_LENGTH
                            + " characters");
        }
        if (partitions < 1) {
            throw new InvalidConfigException("streams.partitions", "must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1 && replicationFactor != DEFAULT_REPLICATION_FACTOR) {
            throw new InvalidConfigException(
                    "streams.replicationFactor",
                    "must be at least 1, or -1 for the " + "broker's default, was " + replicationFactor);
        }
        if (replicationFactor > Short.MAX_VALUE) {
            throw new InvalidConfigException("streams.replicationFactor", "is too large: " + replicationFactor);
        }
        requirePositive("streams.grace", grace, true);
        requirePositive("streams.dedupeHorizon", dedupeHorizon, false);
        requirePositive("streams.emitInterval", emitInterval, false);
        requirePositive("streams.commitInterval", commitInterval, false);
        if (standbyReplicas < 0) {
            throw new InvalidConfigException("streams.standbyReplicas", "must be at least 0, was " + standbyReplicas);
        }
        requirePositive("streams.shutdownTimeout", shutdownTimeout, false);
        if (threads < 1) {
            throw new InvalidConfigException("streams.threads", "must be at least 1, was " + threads);
        }
        requirePositive("streams.idleTimeout", idleTimeout, false);
        requirePositive("streams.flushInterval", flushInterval, false);
        Objects.requireNonNull(dedupe, "dedupe");
        retention = java.util.Map.copyOf(retention == null ? PulseStreamsConfig.DEFAULT_RETENTION : retention);
    }

    public static StreamsSection defaults() {
        return new StreamsSection(
                DEFAULT_APPLICATION_ID,
                DEFAULT_TOPIC_PREFIX,
                DEFAULT_PARTITIONS,
                DEFAULT_REPLICATION_FACTOR,
                DEFAULT_GRACE,
                DEFAULT_DEDUPE_HORIZON,
                DEFAULT_EMIT_INTERVAL,
                null,
                DEFAULT_STANDBY_REPLICAS,
                DEFAULT_COMMIT_INTERVAL,
                DEFAULT_THREADS,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_FLUSH_INTERVAL,
                PulseStreamsConfig.DedupeMode.BY_KEY,
                DEFAULT_SHUTDOWN_TIMEOUT,
                PulseStreamsConfig.DEFAULT_RETENTION);
    }

    static StreamsSection read(ConfigReader r) {
        String stateDir = r.text("stateDir", null);
        StreamsSection section = new StreamsSection(
                r.text("applicationId", DEFAULT_APPLICATION_ID),
                prefix(r),
                r.integer("partitions", DEFAULT_PARTITIONS),
                r.integer("replicationFactor", DEFAULT_REPLICATION_FACTOR),
                r.duration("grace", DEFAULT_GRACE),
                r.duration("dedupeHorizon", DEFAULT_DEDUPE_HORIZON),
                r.duration("emitInterval", DEFAULT_EMIT_INTERVAL),
                stateDir == null ? null : Paths.get(stateDir),
                r.integer("standbyReplicas", DEFAULT_STANDBY_REPLICAS),
                r.duration("commitInterval", DEFAULT_COMMIT_INTERVAL),
                r.integer("threads", DEFAULT_THREADS),
                r.duration("idleTimeout", DEFAULT_IDLE_TIMEOUT),
                r.duration("flushInterval", DEFAULT_FLUSH_INTERVAL),
                dedupe(r),
                r.duration("shutdownTimeout", DEFAULT_SHUTDOWN_TIMEOUT),
                retention(r.section("retention", RETENTION_KEYS)));
        r.finish();
        return section;
    }

    private static java.util.Map<io.pulse.core.period.PeriodKind, Duration> retention(ConfigReader r) {
        java.util.Map<io.pulse.core.period.PeriodKind, Duration> m =
                new java.util.EnumMap<>(PulseStreamsConfig.DEFAULT_RETENTION);
        for (io.pulse.core.period.PeriodKind k : io.pulse.core.period.PeriodKind.values()) {
            m.put(k, r.duration(k.id(), PulseStreamsConfig.DEFAULT_RETENTION.get(k)));
        }
        r.finish();
        return m;
    }

    private static PulseStreamsConfig.DedupeMode dedupe(ConfigReader r) {
        String v = r.text("dedupe", PulseStreamsConfig.DedupeMode.BY_KEY.id());
        for (PulseStreamsConfig.DedupeMode m : PulseStreamsConfig.DedupeMode.values()) {
            if (m.id().equals(v)) {
                return m;
            }
        }
        throw new InvalidConfigException("streams.dedupe", "'" + v + "' is not one of by-key, by-event-id");
    }

    /** An empty prefix is legal ({@code topicPrefix: ""}), so it is not defaulted away like other blank text. */
    private static String prefix(ConfigReader r) {
        var v = r.value("topicPrefix");
        return v == null ? DEFAULT_TOPIC_PREFIX : v.asText().strip();
    }

    /** The same settings under another topic prefix (the command line's {@code --topic-prefix}). */
    public StreamsSection withTopicPrefix(String prefix) {
        return new StreamsSection(
                applicationId,
                prefix,
                partitions,
                replicationFactor,
                grace,
                dedupeHorizon,
                emitInterval,
                stateDir,
                standbyReplicas,
                commitInterval,
                threads,
                idleTimeout,
                flushInterval,
                dedupe,
                shutdownTimeout,
                retention);
    }

    /** The same settings with the state in {@code dir}. */
    public StreamsSection withStateDir(Path dir) {
        return new StreamsSection(
                applicationId,
                topicPrefix,
                partitions,
                replicationFactor,
                grace,
                dedupeHorizon,
                emitInterval,
                dir,
                standbyReplicas,
                commitInterval,
                threads,
                idleTimeout,
                flushInterval,
                dedupe,
                shutdownTimeout,
                retention);
    }

    private static void requirePositive(String key, Duration d, boolean zeroAllowed) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new InvalidConfigException(key, "'" + d + "' must be " + (zeroAllowed ? "zero or more" : "positive"));
        }
    }
}
