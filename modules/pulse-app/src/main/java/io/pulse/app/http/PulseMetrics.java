package io.pulse.app.http;

import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, String> typeByTopic = new LinkedHashMap<>();
        Map<String, Double> eventsIn = new LinkedHashMap<>();
        for (EventType t : EventType.values()) {
            typeByTopic.put(normal(topics.event(t).name()), t.id());
            eventsIn.put(t.id(), 0.0);
        }
        String dlq = normal(topics.dlq().name());
        String late = normal(topics.late().name());
        double dlqSent = 0;
        double lateSent = 0;
        Map<String, Double> lag = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            String topic = n.tags().get("topic");
            if (topic == null) {
                continue;
            }
            String t = normal(topic);
            if (n.group().equals(FETCH) && n.name().equals("records-consumed-total") && typeByTopic.containsKey(t)) {
                eventsIn.merge(typeByTopic.get(t), value(e.getValue()), Double::sum);
            } else if (n.group().equals(PRODUCER_TOPIC) && n.name().equals("record-send-total")) {
                if (t.equals(dlq)) {
                    dlqSent += value(e.getValue());
                } else if (t.equals(late)) {
                    lateSent += value(e.getValue());
                }
            } else if (n.group().equals(FETCH) && n.name().equals("records-lag") && n.tags().containsKey("partition")
                    && !String.valueOf(n.tags().get("client-id")).endsWith("restore-consumer")) {
                double v = value(e.getValue());
                if (!Double.isNaN(v)) {
                    lag.merge(topic, v, Double::sum);
                }
            }
        }
        for (Map.Entry<String, Double> e : eventsIn.entrySet()) {
            out.sample("pulse_events_in_total", "counter", "Input events fetched by this instance, by event type",
                    Map.of("type", e.getKey()), e.getValue());
        }
        out.counter("pulse_dlq_records_total", "Records this instance sent to the dead-letter topic", dlqSent);
        out.counter("pulse_late_records_total", "Records this instance sent to the late-events topic", lateSent);
        for (Map.Entry<String, Double> e : lag.entrySet()) {
            out.sample("pulse_consumer_lag_records", "gauge",
                    "Records not yet fetched on the partitions this instance reads, by topic",
                    Map.of("topic", e.getKey()), e.getValue());
        }
    }

    /** Kafka's consumer metrics write a topic's dots as underscores; compare names in that form. */
    private static String normal(String topic) {
        return topic.replace('.', '_');
    }

    private static double value(Metric m) {
        Double v = PrometheusText.number(m);
        return v == null ? 0 : v;
    }
}
