package io.pulse.app.http;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;

/**
 * The JVM's own figures for {@code /metrics}, under the names the Prometheus Java client uses
 * ({@code jvm_memory_used_bytes{area}}, {@code jvm_gc_collection_seconds_*}, {@code process_cpu_seconds_total}, ...), so
 * the JVM panels of common Grafana dashboards work on Pulse too. Read from the platform MXBeans on each scrape; nothing
 * runs between scrapes.
 */
final class JvmMetrics {
    private JvmMetrics() {}

    static void add(PrometheusText out) {
        var memory = ManagementFactory.getMemoryMXBean();
        area(out, "heap", memory.getHeapMemoryUsage());
        area(out, "nonheap", memory.getNonHeapMemoryUsage());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            Map<String, String> labels = Map.of("gc", gc.getName());
            out.sample(
                    "jvm_gc_collection_seconds_sum",
                    "counter",
                    "Time spent in a garbage collector, seconds",
                    labels,
                    Math.max(0, gc.getCollectionTime()) / 1000.0);
            out.sample(
                    "jvm_gc_collection_seconds_count",
                    "counter",
                    "Collections by a garbage collector",
                    labels,
                    Math.max(0, gc.getCollectionCount()));
        }
        var threads = ManagementFactory.getThreadMXBean();
        out.gauge("jvm_threads_current", "Live threads of the JVM", threads.getThreadCount());
        out.gauge("jvm_threads_daemon", "Live daemon threads of the JVM", threads.getDaemonThreadCount());
        var runtime = ManagementFactory.getRuntimeMXBean();
        out.gauge(
                "process_start_time_seconds",
                "Start of the process since the epoch, seconds",
                runtime.getStartTime() / 1000.0);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
            out.counter("process_cpu_seconds_total", "CPU time of the process, seconds", sun.getProcessCpuTime() / 1e9);
        }
        out.gauge("jvm_available_processors", "Processors available to the JVM", os.getAvailableProcessors());
    }

    private static void area(PrometheusText out, String area, MemoryUsage usage) {
        Map<String, String> labels = Map.of("area", area);
        out.sample("jvm_memory_used_bytes", "gauge", "Memory used by the JVM, by area", labels, usage.getUsed());
        out.sample(
                "jvm_memory_committed_bytes",
                "gauge",
                "Memory committed by the JVM, by area",
                labels,
                usage.getCommitted());
        // -1 (undefined) is reported as such; Prometheus queries filter it with > 0.
        out.sample("jvm_memory_max_bytes", "gauge", "Largest memory the JVM may use, by area", labels, usage.getMax());
    }
}
