package io.pulse.app.http;

import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Pulse's own metrics, derived from the Kafka clients' metrics that Kafka Streams exposes, so they cost nothing on
 * the hot path and are as reliable as the clients' own counters. All are per instance, since it started; sum
 * them over instances in Prometheus.
 *
 * <ul>
 *   <li>{@code pulse_events_in_total{type}}: records the instance's consumers fetched from each event topic
 *       (valid or not).</li>
 *   <li>{@code pulse_dlq_records_total}, {@code pulse_late_records_total}: records its producers sent to the
 *       dead-letter and late topics. Under exactly-once a send in a transaction that is later aborted is counted
 *       too, so after a failure this can exceed what read_committed readers see.</li>
 *   <li>{@code pulse_consumer_lag_records{topic}}: records not yet fetched, summed over the partitions this
 *       instance reads, for the input topics and Pulse's internal repartition topics (not changelog restores).
 *       With the {@code record-e2e-latency} metrics of Kafka Streams (in the {@code kafka_stream_*} families) it
 *       measures how far behind the KPIs are.</li>
 *   <li>{@code pulse_watermark_seconds{task}}, {@code pulse_watermark_delay_seconds{task}},
 *       {@code pulse_idle_partitions{task}} and the reading tasks' counts: the engine's own metrics, by task.</li>
 *   <li>{@code pulse_rebalances_total}: consumer group rebalances the stream threads took part in (successful ones);
 *       a steady rise means instances come and go or miss their session.</li>
 *   <li>{@code pulse_restore_remaining_records}, {@code pulse_restoring_tasks}, {@code pulse_standby_tasks}: state
 *       restoration from changelogs still to do, and the tasks restoring or kept warm as standbys.</li>
 *   <li>{@code pulse_commit_latency_avg_seconds}, {@code pulse_commit_latency_max_seconds}: the stream threads'
 *       commits (under exactly-once each ends a transaction), the worst thread.</li>
 *   <li>{@code pulse_source_e2e_latency_avg_seconds{node}}, {@code pulse_source_e2e_latency_max_seconds{node}}: at
 *       each source node reading events (the input topics and the internal topics after them), the wall clock minus
 *       the record's timestamp, which is the event's time: how old events are when each stage reads them, the worst
 *       task (Kafka Streams' {@code record-e2e-latency-avg/max} in seconds). Sources of plans and the directory are
 *       left out (their timestamps are when they were loaded), and so are sinks: Pulse's outputs carry the window's
 *       time, not the event's.</li>
 *   <li>{@code pulse_state_bytes{store}}: RocksDB size (SST files plus mem-tables) of each store, summed over the
 *       tasks of this instance.</li>
 *   <li>{@code pulse_stream_threads{status}}: alive and failed stream threads; {@code pulse_dropped_records_total}:
 *       records Kafka Streams itself dropped (not Pulse's DLQ).</li>
 * </ul>
 *
 * <p>These are the metrics the alert rules and the dashboard in {@code deploy/} use; they have Pulse's names so the
 * rules survive a change of Kafka's metric names or of the topology's node names.
 */
final class PulseMetrics {
    private static final String FETCH = "consumer-fetch-manager-metrics";
    private static final String PRODUCER_TOPIC = "producer-topic-metrics";
    private static final String COORDINATOR = "consumer-coordinator-metrics";
    private static final String TASK = "stream-task-metrics";
    private static final String THREAD = "stream-thread-metrics";
    private static final String STATE_UPDATER = "stream-state-updater-metrics";
    private static final String CLIENT = "stream-metrics";
    private static final String NODE = "stream-processor-node-metrics";
    private static final String STATE = "stream-state-metrics";
    private static final double MS = 1000.0;

    private PulseMetrics() {}

    static void add(PrometheusText out, Map<MetricName, ? extends Metric> metrics, Topics topics) {
        addTopicCounts(out, metrics, topics);
        addStreamsHealth(out, metrics);
    }

    private static void addTopicCounts(PrometheusText out, Map<MetricName, ? extends Metric> metrics, Topics topics) {
        Map<String, Double> consumed = new HashMap<>();
        Map<String, Double> sent = new HashMap<>();
        Map<String, Double> lag = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            String topic = n.tags().get("topic");
            if (topic == null) {
                continue;
            }
            if (n.group().equals(FETCH) && n.name().equals("records-consumed-total")) {
                consumed.merge(topic, value(e.getValue()), Double::sum);
            } else if (n.group().equals(PRODUCER_TOPIC) && n.name().equals("record-send-total")) {
                sent.merge(topic, value(e.getValue()), Double::sum);
            } else if (n.group().equals(FETCH)
                    && n.name().equals("records-lag")
                    && n.tags().containsKey("partition")
                    && !String.valueOf(n.tags().get("client-id")).endsWith("restore-consumer")) {
                double v = value(e.getValue());
                if (!Double.isNaN(v)) {
                    lag.merge(topic, v, Double::sum);
                }
            }
        }
        for (EventType t : EventType.values()) {
            out.sample(
                    "pulse_events_in_total",
                    "counter",
                    "Input events fetched by this instance, by event type",
                    Map.of("type", t.id()),
                    of(consumed, topics.event(t).name()));
        }
        out.counter(
                "pulse_dlq_records_total",
                "Records this instance sent to the dead-letter topic",
                of(sent, topics.dlq().name()));
        out.counter(
                "pulse_late_records_total",
                "Records this instance sent to the late-events topic",
                of(sent, topics.late().name()));
        readerMetrics(out, metrics);
        for (Map.Entry<String, Double> e : lag.entrySet()) {
            if (isLegacyTwin(e.getKey(), lag.keySet())) {
                continue;
            }
            out.sample(
                    "pulse_consumer_lag_records",
                    "gauge",
                    "Records not yet fetched on the partitions this instance reads, by topic",
                    Map.of("topic", e.getKey()),
                    e.getValue());
        }
    }

    /** Rebalances, restoration, commits, end-to-end latency at the sinks, state size, threads. */
    private static void addStreamsHealth(PrometheusText out, Map<MetricName, ? extends Metric> metrics) {
        double rebalances = 0;
        double restoreRemaining = 0;
        double restoring = 0;
        double standbys = 0;
        double commitAvg = 0;
        double commitMax = 0;
        double alive = 0;
        double failed = 0;
        double dropped = 0;
        Map<String, Double> sourceLatencyAvg = new TreeMap<>();
        Map<String, Double> sourceLatencyMax = new TreeMap<>();
        Map<String, Double> stateBytes = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            String group = n.group();
            String name = n.name();
            double v = value(e.getValue());
            if (Double.isNaN(v)) {
                continue;
            }
            if (group.equals(COORDINATOR) && name.equals("rebalance-total")) {
                rebalances += v;
            } else if (group.equals(TASK) && name.equals("restore-remaining-records-total")) {
                restoreRemaining += v;
            } else if (group.equals(TASK) && name.equals("dropped-records-total")) {
                dropped += v;
            } else if (group.equals(STATE_UPDATER) && name.equals("active-restoring-tasks")) {
                restoring += v;
            } else if (group.equals(STATE_UPDATER) && name.equals("standby-updating-tasks")) {
                standbys += v;
            } else if (group.equals(THREAD) && name.equals("commit-latency-avg")) {
                commitAvg = Math.max(commitAvg, v / MS);
            } else if (group.equals(THREAD) && name.equals("commit-latency-max")) {
                commitMax = Math.max(commitMax, v / MS);
            } else if (group.equals(CLIENT) && name.equals("alive-stream-threads")) {
                alive += v;
            } else if (group.equals(CLIENT) && name.equals("failed-stream-threads")) {
                failed += v;
            } else if (group.equals(NODE)
                    && (name.equals("record-e2e-latency-max") || name.equals("record-e2e-latency-avg"))) {
                String node = n.tags().get("processor-node-id");
                if (isEventSource(node)) {
                    (name.endsWith("max") ? sourceLatencyMax : sourceLatencyAvg).merge(node, v / MS, Math::max);
                }
            } else if (group.equals(STATE)
                    && (name.equals("total-sst-files-size") || name.equals("size-all-mem-tables"))) {
                String store = storeOf(n);
                if (store != null) {
                    stateBytes.merge(store, v, Double::sum);
                }
            }
        }
        out.counter("pulse_rebalances_total", "Consumer group rebalances the stream threads completed", rebalances);
        out.gauge(
                "pulse_restore_remaining_records",
                "Changelog records still to restore before the active tasks run",
                restoreRemaining);
        out.gauge("pulse_restoring_tasks", "Active tasks restoring their state", restoring);
        out.gauge("pulse_standby_tasks", "Standby tasks kept warm on this instance", standbys);
        out.gauge("pulse_commit_latency_avg_seconds", "Average commit time of the slowest stream thread", commitAvg);
        out.gauge(
                "pulse_commit_latency_max_seconds",
                "Longest commit of any stream thread in the last window",
                commitMax);
        for (Map.Entry<String, Double> s : sourceLatencyAvg.entrySet()) {
            out.sample(
                    "pulse_source_e2e_latency_avg_seconds",
                    "gauge",
                    "Average age of events (wall clock minus event time) when a source node reads them, worst task",
                    Map.of("node", s.getKey()),
                    s.getValue());
        }
        for (Map.Entry<String, Double> s : sourceLatencyMax.entrySet()) {
            out.sample(
                    "pulse_source_e2e_latency_max_seconds",
                    "gauge",
                    "Largest age of an event (wall clock minus event time) when a source node read it, worst task",
                    Map.of("node", s.getKey()),
                    s.getValue());
        }
        for (Map.Entry<String, Double> s : stateBytes.entrySet()) {
            out.sample(
                    "pulse_state_bytes",
                    "gauge",
                    "RocksDB size (SST files and mem-tables) of a store on this instance",
                    Map.of("store", s.getKey()),
                    s.getValue());
        }
        out.sample(
                "pulse_stream_threads",
                "gauge",
                "Stream threads of this instance by status",
                Map.of("status", "alive"),
                alive);
        out.sample(
                "pulse_stream_threads",
                "gauge",
                "Stream threads of this instance by status",
                Map.of("status", "failed"),
                failed);
        out.counter(
                "pulse_dropped_records_total",
                "Records Kafka Streams dropped (not the DLQ: corrupt timestamps, " + "expired windows)",
                dropped);
    }

    /** A source node reading events, not plans or directory entries (named {@code pulse-<what>-source}). */
    private static boolean isEventSource(String node) {
        return node != null && node.endsWith("-source") && !node.contains("plans") && !node.contains("directory");
    }

    /** The store of a RocksDB metric: its tag is {@code rocksdb-state-id}, {@code rocksdb-window-state-id}, .... */
    private static String storeOf(MetricName n) {
        for (Map.Entry<String, String> t : n.tags().entrySet()) {
            if (t.getKey().startsWith("rocksdb-") && t.getKey().endsWith("-state-id")) {
                return t.getValue();
            }
        }
        return null;
    }

    /** Pulse's own names for what the reading tasks measure (SPEC §9), one sample per task. */
    private static final Map<String, String[]> READER = Map.of(
            "watermark-seconds",
                    new String[] {
                        "pulse_watermark_seconds", "gauge", "Event-time watermark of each reading task, epoch seconds"
                    },
            "watermark-delay-seconds",
                    new String[] {
                        "pulse_watermark_delay_seconds",
                        "gauge",
                        "Wall clock minus the watermark of each reading task, seconds"
                    },
            "idle-partitions",
                    new String[] {
                        "pulse_idle_partitions", "gauge", "Input partitions of each reading task excused as idle"
                    },
            "events-routed-total",
                    new String[] {
                        "pulse_events_routed_total",
                        "counter",
                        "Events read outside their home partition and sent there through the by-eventId topic"
                    },
            "events-duplicate-total",
                    new String[] {
                        "pulse_events_duplicate_total",
                        "counter",
                        "Duplicate events dropped (same type and eventId within the dedupe horizon)"
                    },
            "events-late-total",
                    new String[] {
                        "pulse_events_late_total",
                        "counter",
                        "Events whose window had closed when they were read (late within their partition)"
                    },
            "deltas-total",
                    new String[] {
                        "pulse_deltas_total", "counter", "Folded deltas the reading tasks forwarded to the aggregators"
                    });

    private static void readerMetrics(PrometheusText out, Map<MetricName, ? extends Metric> metrics) {
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            String[] target = n.group().equals("pulse-reader-metrics") ? READER.get(n.name()) : null;
            if (target != null) {
                Double v = PrometheusText.number(e.getValue());
                if (v != null && !v.isNaN()) {
                    out.sample(
                            target[0],
                            target[1],
                            target[2],
                            Map.of("task", n.tags().getOrDefault("task", "")),
                            v);
                }
            }
        }
    }

    /**
     * The count for one topic. Kafka's consumer reports a topic with dots twice, under its name and (deprecated)
     * with the dots as underscores; the real name counts, the underscored one only when it is all there is.
     */
    private static double of(Map<String, Double> byTopic, String topic) {
        Double exact = byTopic.get(topic);
        if (exact != null) {
            return exact;
        }
        return byTopic.getOrDefault(topic.replace('.', '_'), 0.0);
    }

    /** Whether {@code tag} is the underscored duplicate of another reported topic name with dots. */
    private static boolean isLegacyTwin(String tag, Set<String> tags) {
        if (tag.indexOf('.') >= 0) {
            return false;
        }
        for (String other : tags) {
            if (other.indexOf('.') >= 0 && other.replace('.', '_').equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static double value(Metric m) {
        Double v = PrometheusText.number(m);
        return v == null ? 0 : v;
    }
}
