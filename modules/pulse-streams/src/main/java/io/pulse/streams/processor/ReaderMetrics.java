package io.pulse.streams.processor;

import io.pulse.streams.time.Watermarks;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The reading task's metrics, registered with Kafka Streams so they appear beside its own (group
 * {@code pulse-reader-metrics}, tag {@code task}); the service exports them to Prometheus as
 * {@code pulse_watermark_seconds}, {@code pulse_watermark_delay_seconds}, {@code pulse_idle_partitions},
 * {@code pulse_events_routed_total}, {@code pulse_events_duplicate_total} and {@code pulse_reader_late_total}.
 */
final class ReaderMetrics {
    static final String GROUP = "pulse-reader-metrics";
    private final Sensor watermark;
    private final Sensor delay;
    private final Sensor idle;
    private final Sensor routed;
    private final Sensor duplicates;
    private final Sensor late;
    private final Sensor deltas;

    ReaderMetrics(StreamsMetrics metrics, String task) {
        Map<String, String> tags = Map.of("task", task);
        watermark =
                gauge(metrics, task, "watermark-seconds", "event time of the task's watermark, epoch seconds", tags);
        delay = gauge(metrics, task, "watermark-delay-seconds", "wall clock minus the watermark, seconds", tags);
        idle = gauge(metrics, task, "idle-partitions", "input partitions excused as idle", tags);
        routed = total(metrics, task, "events-routed-total", "events sent to their home partition first", tags);
        duplicates = total(metrics, task, "events-duplicate-total", "duplicate events dropped", tags);
        late = total(metrics, task, "events-late-total", "events late within their partition", tags);
        deltas = total(metrics, task, "deltas-total", "folded deltas forwarded to the aggregators", tags);
    }

    private static Sensor gauge(
            StreamsMetrics metrics, String task, String name, String doc, Map<String, String> tags) {
        Sensor s = metrics.addSensor("pulse-" + name + "-" + task, Sensor.RecordingLevel.INFO);
        s.add(new MetricName(name, GROUP, doc, tags), new Value());
        return s;
    }

    private static Sensor total(
            StreamsMetrics metrics, String task, String name, String doc, Map<String, String> tags) {
        Sensor s = metrics.addSensor("pulse-" + name + "-" + task, Sensor.RecordingLevel.INFO);
        s.add(new MetricName(name, GROUP, doc, tags), new CumulativeSum());
        return s;
    }

    void watermark(long w, long now) {
        if (w == Watermarks.NONE || w == Watermarks.END) {
            return;
        }
        watermark.record(w / 1000.0);
        delay.record((now - w) / 1000.0);
    }

    void idle(int n) {
        idle.record(n);
    }

    void routed() {
        routed.record(1);
    }

    void duplicate() {
        duplicates.record(1);
    }

    void late() {
        late.record(1);
    }

    void deltas(int n) {
        deltas.record(n);
    }
}
