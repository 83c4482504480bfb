package io.pulse.app.http;

import static io.pulse.app.http.PrometheusTextTest.metric;
import static io.pulse.app.http.PrometheusTextTest.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import org.junit.jupiter.api.Test;

/** The metrics the alert rules and the dashboard in deploy/ use, derived from the Kafka clients' metrics. */
class PulseHealthMetricsTest {
    private final Topics topics = new Topics("pulse.", RegistryAvroSerdes.inMemory("health-metrics-test"));

    @Test
    void shouldDeriveRebalancesRestoreCommitsLatencyStateAndThreads() {
        // Given: two stream threads' metrics as Kafka Streams reports them (milliseconds, per task, per store)
        var metrics = metrics(
                metric(
                        "consumer-coordinator-metrics",
                        "rebalance-total",
                        2.0,
                        "client-id",
                        "a-StreamThread-1-consumer"),
                metric(
                        "consumer-coordinator-metrics",
                        "rebalance-total",
                        1.0,
                        "client-id",
                        "a-StreamThread-2-consumer"),
                metric("stream-task-metrics", "restore-remaining-records-total", 40.0, "task-id", "1_0"),
                metric("stream-task-metrics", "restore-remaining-records-total", 2.0, "task-id", "1_1"),
                metric("stream-task-metrics", "dropped-records-total", 3.0, "task-id", "1_1"),
                metric("stream-state-updater-metrics", "active-restoring-tasks", 2.0, "thread-id", "a-StreamThread-1"),
                metric("stream-state-updater-metrics", "standby-updating-tasks", 1.0, "thread-id", "a-StreamThread-1"),
                metric("stream-thread-metrics", "commit-latency-avg", 120.0, "thread-id", "a-StreamThread-1"),
                metric("stream-thread-metrics", "commit-latency-avg", 80.0, "thread-id", "a-StreamThread-2"),
                metric("stream-thread-metrics", "commit-latency-max", 2500.0, "thread-id", "a-StreamThread-2"),
                metric("stream-metrics", "alive-stream-threads", 2, "client-id", "a"),
                metric("stream-metrics", "failed-stream-threads", 0, "client-id", "a"),
                metric(
                        "stream-processor-node-metrics",
                        "record-e2e-latency-max",
                        900.0,
                        "processor-node-id",
                        "pulse-events-source",
                        "task-id",
                        "2_0"),
                metric(
                        "stream-processor-node-metrics",
                        "record-e2e-latency-max",
                        1500.0,
                        "processor-node-id",
                        "pulse-events-source",
                        "task-id",
                        "2_1"),
                metric(
                        "stream-processor-node-metrics",
                        "record-e2e-latency-avg",
                        250.0,
                        "processor-node-id",
                        "pulse-events-source",
                        "task-id",
                        "2_1"),
                metric(
                        "stream-processor-node-metrics",
                        "record-e2e-latency-avg",
                        Double.NaN,
                        "processor-node-id",
                        "pulse-contributions-repartition-source",
                        "task-id",
                        "3_0"),
                metric(
                        "stream-processor-node-metrics",
                        "record-e2e-latency-max",
                        8000.0,
                        "processor-node-id",
                        "pulse-plans-source",
                        "task-id",
                        "4_0"),
                metric(
                        "stream-processor-node-metrics",
                        "record-e2e-latency-max",
                        8000.0,
                        "processor-node-id",
                        "pulse-directory-source",
                        "task-id",
                        "0_0"),
                metric(
                        "stream-processor-node-metrics",
                        "record-e2e-latency-max",
                        3.0E10,
                        "processor-node-id",
                        "pulse-kpi-values-sink",
                        "task-id",
                        "3_0"),
                metric(
                        "stream-state-metrics",
                        "total-sst-files-size",
                        1000.0,
                        "rocksdb-state-id",
                        "pulse-aggregates-store",
                        "task-id",
                        "5_0"),
                metric(
                        "stream-state-metrics",
                        "size-all-mem-tables",
                        24.0,
                        "rocksdb-state-id",
                        "pulse-aggregates-store",
                        "task-id",
                        "5_1"),
                metric(
                        "stream-state-metrics",
                        "total-sst-files-size",
                        5.0,
                        "rocksdb-window-state-id",
                        "pulse-dedupe-store",
                        "task-id",
                        "2_0"));

        // When
        PrometheusText text = new PrometheusText();
        PulseMetrics.add(text, metrics, topics);
        String out = text.render();

        // Then
        assertThat(out)
                .contains(
                        "pulse_rebalances_total 3\n",
                        "pulse_restore_remaining_records 42\n",
                        "pulse_restoring_tasks 2\n",
                        "pulse_standby_tasks 1\n",
                        "pulse_commit_latency_avg_seconds 0.12\n",
                        "pulse_commit_latency_max_seconds 2.5\n",
                        "pulse_dropped_records_total 3\n",
                        "pulse_source_e2e_latency_max_seconds{node=\"pulse-events-source\"} 1.5\n",
                        "pulse_source_e2e_latency_avg_seconds{node=\"pulse-events-source\"} 0.25\n",
                        "pulse_state_bytes{store=\"pulse-aggregates-store\"} 1024\n",
                        "pulse_state_bytes{store=\"pulse-dedupe-store\"} 5\n",
                        "pulse_stream_threads{status=\"alive\"} 2\n",
                        "pulse_stream_threads{status=\"failed\"} 0\n",
                        "# TYPE pulse_rebalances_total counter\n");
        // a source without a value yet, the control topics' sources and the sinks (outputs carry window times) are out
        assertThat(out)
                .doesNotContain(
                        "contributions-repartition-source",
                        "pulse-plans-source",
                        "pulse-directory-source",
                        "pulse-kpi-values-sink");
    }

    @Test
    void shouldExportTheJvmUnderThePrometheusClientsNames() {
        // When
        PrometheusText text = new PrometheusText();
        JvmMetrics.add(text);
        String out = text.render();

        // Then
        assertThat(out)
                .contains(
                        "# TYPE jvm_memory_used_bytes gauge\n",
                        "jvm_memory_used_bytes{area=\"heap\"} ",
                        "jvm_memory_max_bytes{area=\"heap\"} ",
                        "jvm_memory_used_bytes{area=\"nonheap\"} ",
                        "# TYPE jvm_gc_collection_seconds_sum counter\n",
                        "jvm_threads_current ",
                        "process_cpu_seconds_total ",
                        "process_start_time_seconds ");
        assertThat(out.lines()
                        .filter(l -> l.startsWith("jvm_threads_current "))
                        .findFirst()
                        .orElseThrow())
                .doesNotEndWith(" 0");
    }
}
