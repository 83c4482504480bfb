package io.pulse.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    static Map.Entry<MetricName, Metric> metric(String group, String name, Object value, String... tags) {
        Map<String, String> t = new LinkedHashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            t.put(tags[i], tags[i + 1]);
        }
        MetricName n = new MetricName(name, group, "the " + name, t);
        Metric m = new Metric() {
            @Override
            public MetricName metricName() {
                return n;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
        return Map.entry(n, m);
    }

    @SafeVarargs
    static Map<MetricName, Metric> metrics(Map.Entry<MetricName, Metric>... entries) {
        Map<MetricName, Metric> m = new LinkedHashMap<>();
        for (Map.Entry<MetricName, Metric> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    @Test
    void shouldWriteKafkaMetricsAsFamiliesWithSanitizedNamesAndTagsAsLabels() {
        // Given
        var metrics = metrics(
                metric("stream-thread-metrics", "process-rate", 12.5, "thread-id", "pulse-StreamThread-1"),
                metric("stream-thread-metrics", "process-total", 1000.0, "thread-id", "pulse-StreamThread-1"),
                metric("stream-thread-metrics", "process-rate", 0.0, "thread-id", "pulse-StreamThread-2"),
                metric("stream-metrics", "version", "4.3.1"),
                metric("stream-metrics", "odd", Double.NaN, "path", "a\"b\\c"));

        // When
        String text = new PrometheusText().kafka(metrics).render();

        // Then
        assertThat(text).contains("""
                # HELP kafka_stream_thread_metrics_process_rate the process-rate
                # TYPE kafka_stream_thread_metrics_process_rate gauge
                kafka_stream_thread_metrics_process_rate{thread_id="pulse-StreamThread-1"} 12.5
                kafka_stream_thread_metrics_process_rate{thread_id="pulse-StreamThread-2"} 0
                """);
        assertThat(text)
                .contains("# TYPE kafka_stream_thread_metrics_process_total counter\n"
                        + "kafka_stream_thread_metrics_process_total{thread_id=\"pulse-StreamThread-1\"} 1000\n");
        assertThat(text).contains("kafka_stream_metrics_odd{path=\"a\\\"b\\\\c\"} NaN\n");
        assertThat(text).doesNotContain("version");
    }

    @Test
    void shouldDerivePulseCountersFromTheClientsMetrics() {
        // Given: the consumers of two stream threads fetched from two event topics (Kafka 4 reports a topic with
        // dots twice: by name, and deprecated with underscores), a producer sent to the DLQ and late topics, and
        // partitions lag (restore consumers do not count)
        Topics topics = new Topics("pulse.", RegistryAvroSerdes.inMemory("prometheus-test"));
        var metrics = metrics(
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-consumed-total",
                        7.0,
                        "client-id",
                        "a-StreamThread-1-consumer",
                        "topic",
                        "pulse.events.click"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-consumed-total",
                        7.0,
                        "client-id",
                        "a-StreamThread-1-consumer",
                        "topic",
                        "pulse_events_click"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-consumed-total",
                        3.0,
                        "client-id",
                        "a-StreamThread-2-consumer",
                        "topic",
                        "pulse.events.click"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-consumed-total",
                        3.0,
                        "client-id",
                        "a-StreamThread-2-consumer",
                        "topic",
                        "pulse_events_click"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-consumed-total",
                        2.0,
                        "client-id",
                        "a-StreamThread-1-consumer",
                        "topic",
                        "pulse.events.order"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-consumed-total",
                        2.0,
                        "client-id",
                        "a-StreamThread-1-consumer",
                        "topic",
                        "pulse_events_order"),
                metric(
                        "producer-topic-metrics",
                        "record-send-total",
                        4.0,
                        "client-id",
                        "a-producer",
                        "topic",
                        "pulse.dlq"),
                metric(
                        "producer-topic-metrics",
                        "record-send-total",
                        1.0,
                        "client-id",
                        "a-producer",
                        "topic",
                        "pulse.late"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-lag",
                        5.0,
                        "client-id",
                        "a-StreamThread-1-consumer",
                        "topic",
                        "pulse.events.click",
                        "partition",
                        "0"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-lag",
                        5.0,
                        "client-id",
                        "a-StreamThread-1-consumer",
                        "topic",
                        "pulse_events_click",
                        "partition",
                        "0"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-lag",
                        6.0,
                        "client-id",
                        "a-StreamThread-1-consumer",
                        "topic",
                        "pulse.events.click",
                        "partition",
                        "1"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-lag",
                        2.0,
                        "client-id",
                        "a-StreamThread-1-consumer",
                        "topic",
                        "a-pulse-contributions-repartition",
                        "partition",
                        "1"),
                metric(
                        "consumer-fetch-manager-metrics",
                        "records-lag",
                        99.0,
                        "client-id",
                        "a-StreamThread-1-restore-consumer",
                        "topic",
                        "a-changelog",
                        "partition",
                        "0"));

        // When
        PrometheusText text = new PrometheusText();
        PulseMetrics.add(text, metrics, topics);
        String out = text.render();

        // Then
        assertThat(out)
                .contains(
                        "pulse_events_in_total{type=\"click\"} 10\n",
                        "pulse_events_in_total{type=\"order\"} 2\n",
                        "pulse_events_in_total{type=\"nps\"} 0\n",
                        "pulse_dlq_records_total 4\n",
                        "pulse_late_records_total 1\n",
                        "pulse_consumer_lag_records{topic=\"pulse.events.click\"} 11\n",
                        "pulse_consumer_lag_records{topic=\"a-pulse-contributions-repartition\"} 2\n");
        assertThat(out).doesNotContain("changelog", "pulse_events_click");
    }

    @Test
    void shouldFallBackToUnderscoredTopicNamesWhenTheyAreAllThereIs() {
        Topics topics = new Topics("pulse.", RegistryAvroSerdes.inMemory("prometheus-test"));
        PrometheusText text = new PrometheusText();
        PulseMetrics.add(
                text,
                metrics(metric(
                        "consumer-fetch-manager-metrics",
                        "records-consumed-total",
                        7.0,
                        "client-id",
                        "c",
                        "topic",
                        "pulse_events_click")),
                topics);
        assertThat(text.render()).contains("pulse_events_in_total{type=\"click\"} 7\n");
    }

    @Test
    void shouldMakeLegalNames() {
        assertThat(PrometheusText.name("stream-state-metrics.rocksdb")).isEqualTo("stream_state_metrics_rocksdb");
        assertThat(PrometheusText.name("9lives")).isEqualTo("_9lives");
    }
}
