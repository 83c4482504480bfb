package io.pulse.app.config;

import io.pulse.core.alert.ThresholdRule;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.kpi.KpiDefinitionException;
import io.pulse.core.pace.WorkingTime;
import io.pulse.io.kafka.KafkaClientSettings;
import io.pulse.io.topics.NameOnlySerdes;
import io.pulse.io.topics.TopicSettings;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.StreamsSettings;
import io.pulse.streams.Topics;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Pulse's whole configuration: one YAML file (SPEC §7), every key overridable by an environment variable
 * ({@link ConfigKeys} documents the mapping), validated when built so a bad value stops the start with the
 * key's name. Everything Pulse makes is derived from it: {@link #streamsConfig()} for the topology,
 * {@link #streamsProperties()} for the Kafka Streams client, {@link #serdeConfig()} for the Avro serdes,
 * {@link #kafkaClients()} for the producers and admin clients of the command line.
 *
 * <pre>{@code
 * PulseConfig config = PulseConfig.load(Path.of("pulse.yaml"));   // file + System.getenv()
 * Topology topology = PulseTopology.build(config.streamsConfig(), new RegistryAvroSerdes(config.serdeConfig()));
 * }</pre>
 *
 * @param timezone    business time zone of all calendar periods
 * @param currency    ISO 4217 currency of every money field
 * @param workingTime working days and hours, for pace alerts
 * @param pace        pace alert settings
 * @param kpis        custom KPIs: id to expression (SPEC §3), in file order
 * @param alerts      threshold alert rules (SPEC §5), names unique
 * @param kafka       Kafka client properties
 * @param registry    the schema registry
 * @param streams     the Kafka Streams application
 * @param topics      topic retention for {@code topics create}
 * @param http        the HTTP API's address
 * @param auth        who may use the HTTP API (SPEC §10)
 */
public record PulseConfig(
        ZoneId timezone,
        String currency,
        WorkingTime workingTime,
        PaceSection pace,
        Map<String, String> kpis,
        List<ThresholdRule> alerts,
        KafkaSection kafka,
        RegistrySection registry,
        StreamsSection streams,
        TopicsSection topics,
        HttpSection http,
        AuthSection auth) {
    public static final ZoneId DEFAULT_TIMEZONE = PulseStreamsConfig.DEFAULT_ZONE;
    public static final String DEFAULT_CURRENCY = PulseStreamsConfig.DEFAULT_CURRENCY;

    public PulseConfig {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(workingTime, "workingTime");
        Objects.requireNonNull(pace, "pace");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(auth, "auth");
        String currencyProblem = PulseStreamsConfig.currencyProblem(currency);
        if (currencyProblem != null) {
            throw new InvalidConfigException("currency", currencyProblem);
        }
        kpis = Collections.unmodifiableMap(new LinkedHashMap<>(kpis == null ? Map.of() : kpis));
        alerts = List.copyOf(alerts == null ? List.of() : alerts);
        checkKpis(kpis);
        Map<String, String> customKpis = kpis;
        List<ThresholdRule> rules = alerts;
        checkTopology(() -> streamsConfig(timezone, currency, workingTime, pace, customKpis, rules, streams));
    }

    /** Every default: Kafka at localhost:9092, the registry at http://localhost:8081, UTC, USD. */
    public static PulseConfig defaults() {
        return ConfigLoader.parse("defaults", "", Map.of());
    }

    /** The defaults with the process environment laid over them (commands run without {@code --config}). */
    public static PulseConfig fromEnvironment() {
        return ConfigLoader.parse("environment", "", System.getenv());
    }

    /** The file with the process environment laid over it. */
    public static PulseConfig load(Path file) {
        return ConfigLoader.load(file, System.getenv());
    }

    /**
     * The file (or only the defaults when {@code file} is null) with {@code env} laid over it.
     *
     * @throws InvalidConfigException one line naming the key (and the variable, for a value from {@code env})
     */
    public static PulseConfig load(Path file, Map<String, String> env) {
        return ConfigLoader.load(file, env);
    }

    /** YAML text with {@code env} laid over it. */
    public static PulseConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse("configuration", yaml, env);
    }

    /** The KPI catalog: the built-ins and the custom KPIs of {@link #kpis}. */
    public KpiCatalog catalog() {
        return KpiCatalog.builtIn().withCustom(kpis);
    }

    /** The topology's configuration. */
    public PulseStreamsConfig streamsConfig() {
        return streamsConfig(timezone, currency, workingTime, pace, kpis, alerts, streams);
    }

    private static PulseStreamsConfig streamsConfig(
            ZoneId timezone,
            String currency,
            WorkingTime workingTime,
            PaceSection pace,
            Map<String, String> kpis,
            List<ThresholdRule> alerts,
            StreamsSection streams) {
        return PulseStreamsConfig.builder()
                .topicPrefix(streams.topicPrefix())
                .zone(timezone)
                .currency(currency)
                .grace(streams.grace())
                .dedupeHorizon(streams.dedupeHorizon())
                .customKpis(kpis)
                .partitions(streams.partitions())
                .emitInterval(streams.emitInterval())
                .closeOnWallClock(true)
                .idleTimeout(streams.idleTimeout())
                .flushInterval(streams.flushInterval())
                .dedupe(streams.dedupe())
                .retention(streams.retention())
                .alertRules(alerts)
                .workingTime(workingTime)
                .paceTolerance(pace.tolerance())
                .paceMinElapsed(pace.minElapsed())
                .paceInterval(pace.interval())
                .build();
    }

    /**
     * The Kafka Streams client's properties: Pulse's deliberate defaults ({@link StreamsSettings#defaults}:
     * exactly-once and the rest), then the {@code streams:} and {@code http:} keys, then the {@code kafka:}
     * properties, which may override the defaults.
     */
    public Properties streamsProperties() {
        Properties p = StreamsSettings.defaults(streams.applicationId(), kafka.bootstrapServers());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, streams.replicationFactor());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, streams.standbyReplicas());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, streams.commitInterval().toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streams.threads());
        if (streams.stateDir() != null) {
            p.put(StreamsConfig.STATE_DIR_CONFIG, streams.stateDir().toString());
        }
        String server = http.applicationServer();
        if (server != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        }
        p.putAll(kafka.properties());
        return p;
    }

    /** The Avro serdes' configuration ({@code schema.registry.url} and the rest, Confluent-style). */
    public Map<String, Object> serdeConfig() {
        return registry.serdeConfig();
    }

    /** What Kafka clients other than Kafka Streams' need: the bootstrap servers, security and other {@code kafka:} properties. */
    public KafkaClientSettings kafkaClients() {
        return new KafkaClientSettings(kafka.properties());
    }

    /**
     * Pulse's topics under {@code streams.topicPrefix}, for their names ({@code topicNames().plans().name()}); their
     * serdes refuse to be used ({@link NameOnlySerdes}): the service builds its own on the schema registry.
     */
    public Topics topicNames() {
        return NameOnlySerdes.topics(streams.topicPrefix());
    }

    /** How {@code topics create} makes them. */
    public TopicSettings topicSettings() {
        return new TopicSettings(
                streams.partitions(),
                (short) streams.replicationFactor(),
                topics.eventRetention(),
                topics.outputRetention(),
                topics.rejectedRetention());
    }

    public PulseConfig withStreams(StreamsSection s) {
        return new PulseConfig(
                timezone, currency, workingTime, pace, kpis, alerts, kafka, registry, s, topics, http, auth);
    }

    public PulseConfig withKafka(KafkaSection k) {
        return new PulseConfig(
                timezone, currency, workingTime, pace, kpis, alerts, k, registry, streams, topics, http, auth);
    }

    public PulseConfig withRegistry(RegistrySection r) {
        return new PulseConfig(
                timezone, currency, workingTime, pace, kpis, alerts, kafka, r, streams, topics, http, auth);
    }

    public PulseConfig withHttp(HttpSection h) {
        return new PulseConfig(
                timezone, currency, workingTime, pace, kpis, alerts, kafka, registry, streams, topics, h, auth);
    }

    public PulseConfig withAuth(AuthSection a) {
        return new PulseConfig(
                timezone, currency, workingTime, pace, kpis, alerts, kafka, registry, streams, topics, http, a);
    }

    /**
     * Whether the configuration says who may use the HTTP API: {@code auth.mode} is set, or the former
     * {@code http.token} is (one static admin token). {@code run} refuses to start otherwise.
     */
    public boolean accessConfigured() {
        return auth.configured() || http.token() != null;
    }

    /** The same configuration under another topic prefix (the command line's {@code --topic-prefix}). */
    public PulseConfig withTopicPrefix(String prefix) {
        return withStreams(streams.withTopicPrefix(prefix));
    }

    /** One line without secrets, for the start-up log. */
    public String describe() {
        return "timezone=" + timezone + ", currency=" + currency + ", kafka=" + kafka.bootstrapServers()
                + ", registry=" + String.join(",", registry.urls()) + ", applicationId=" + streams.applicationId()
                + ", topicPrefix='" + streams.topicPrefix() + "', partitions=" + streams.partitions()
                + ", customKpis=" + kpis.keySet() + ", alertRules=" + alerts.size() + ", auth="
                + (auth.mode() == null
                        ? (http.token() == null ? "(not set)" : "tokens")
                        : auth.mode().id());
    }

    /** Records print their components; these hold secrets, so print {@link #describe()} instead. */
    @Override
    public String toString() {
        return "PulseConfig[" + describe() + ", kafka=" + kafka + ", registry=" + registry + ", http=" + http
                + ", auth=" + auth + "]";
    }

    /** The topology checks how the keys fit together (a rule's period must be aggregated); fail at start-up too. */
    private static void checkTopology(Supplier<PulseStreamsConfig> topology) {
        try {
            topology.get();
        } catch (InvalidConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int colon = message.indexOf(':');
            String key = colon > 0 && ConfigKeys.TOP_LEVEL.contains(message.substring(0, colon))
                    ? message.substring(0, colon)
                    : "streams";
            throw new InvalidConfigException(
                    key, colon > 0 ? message.substring(colon + 1).strip() : message);
        }
    }

    private static void checkKpis(Map<String, String> kpis) {
        try {
            KpiCatalog.builtIn().withCustom(kpis);
        } catch (KpiDefinitionException e) {
            String key = kpis.containsKey(e.kpiId()) ? "kpis." + e.kpiId() : "kpis";
            throw new InvalidConfigException(key, e.getMessage());
        }
    }
}
