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
 * </ul>
 */
final class PulseMetrics {
    private static final String FETCH = "consumer-fetch-manager-metrics";
    private static final String PRODUCER_TOPIC = "producer-topic-metrics";

    private PulseMetrics() {
    }

    static void add(PrometheusText out, Map<MetricName, ? extends Metric> metrics, Topics topics) {
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
            } else if (n.group().equals(FETCH) && n.name().equals("records-lag") && n.tags().containsKey("partition")
                    && !String.valueOf(n.tags().get("client-id")).endsWith("restore-consumer")) {
                double v = value(e.getValue());
                if (!Double.isNaN(v)) {
                    lag.merge(topic, v, Double::sum);
                }
            }
        }
        for (EventType t : EventType.values()) {
            out.sample("pulse_events_in_total", "counter", "Input events fetched by this instance, by event type",
                    Map.of("type", t.id()), of(consumed, topics.event(t).name()));
        }
        out.counter("pulse_dlq_records_total", "Records this instance sent to the dead-letter topic",
                of(sent, topics.dlq().name()));
        out.counter("pulse_late_records_total", "Records this instance sent to the late-events topic",
                of(sent, topics.late().name()));
        readerMetrics(out, metrics);
        for (Map.Entry<String, Double> e : lag.entrySet()) {
            if (isLegacyTwin(e.getKey(), lag.keySet())) {
                continue;
            }
            out.sample("pulse_consumer_lag_records", "gauge",
                    "Records not yet fetched on the partitions this instance reads, by topic",
                    Map.of("topic", e.getKey()), e.getValue());
        }
    }

    /** Pulse's own names for what the reading tasks measure (SPEC §9), one sample per task. */
    private static final Map<String, String[]> READER = Map.of(
            "watermark-seconds", new String[] {"pulse_watermark_seconds", "gauge",
                "Event-time watermark of each reading task, epoch seconds"},
            "watermark-delay-seconds", new String[] {"pulse_watermark_delay_seconds", "gauge",
                "Wall clock minus the watermark of each reading task, seconds"},
            "idle-partitions", new String[] {"pulse_idle_partitions", "gauge",
                "Input partitions of each reading task excused as idle"},
            "events-routed-total", new String[] {"pulse_events_routed_total", "counter",
                "Events read outside their home partition and sent there through the by-eventId topic"},
            "events-duplicate-total", new String[] {"pulse_events_duplicate_total", "counter",
                "Duplicate events dropped (same type and eventId within the dedupe horizon)"},
            "events-late-total", new String[] {"pulse_events_late_total", "counter",
                "Events whose window had closed when they were read (late within their partition)"},
            "deltas-total", new String[] {"pulse_deltas_total", "counter",
                "Folded deltas the reading tasks forwarded to the aggregators"});

    private static void readerMetrics(PrometheusText out, Map<MetricName, ? extends Metric> metrics) {
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            String[] target = n.group().equals("pulse-reader-metrics") ? READER.get(n.name()) : null;
            if (target != null) {
                Double v = PrometheusText.number(e.getValue());
                if (v != null && !v.isNaN()) {
                    out.sample(target[0], target[1], target[2], Map.of("task", n.tags().getOrDefault("task", "")), v);
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
