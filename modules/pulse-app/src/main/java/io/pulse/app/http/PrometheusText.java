package io.pulse.app.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Prometheus text exposition format (version 0.0.4), hand-written: families of samples, each family with
 * one {@code # HELP} and {@code # TYPE} line and its samples together. Kafka metrics map to
 * {@code kafka_<group>_<name>} with their tags as labels, names and label names reduced to
 * {@code [a-zA-Z0-9_]}; metrics whose value is not a number (versions, ids) are left out.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern ILLEGAL = Pattern.compile("[^a-zA-Z0-9_]");

    private record Family(String help, String type, Map<String, Double> samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds one sample; the first help and type given for a family win, a repeated label set is ignored. */
    PrometheusText sample(String name, String type, String help, Map<String, String> labels, double value) {
        Family f = families.computeIfAbsent(name, n -> new Family(help, type, new LinkedHashMap<>()));
        f.samples().putIfAbsent(labels(labels), value);
        return this;
    }

    PrometheusText gauge(String name, String help, double value) {
        return sample(name, "gauge", help, Map.of(), value);
    }

    PrometheusText counter(String name, String help, double value) {
        return sample(name, "counter", help, Map.of(), value);
    }

    /** Every numeric Kafka metric, as {@code kafka_<group>_<name>}; {@code -total} metrics are counters. */
    PrometheusText kafka(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Map<MetricName, Metric>> sorted = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            sorted.computeIfAbsent(name("kafka_" + n.group() + "_" + n.name()), k -> new LinkedHashMap<>())
                    .put(n, e.getValue());
        }
        for (Map.Entry<String, Map<MetricName, Metric>> family : sorted.entrySet()) {
            for (Map.Entry<MetricName, Metric> e : family.getValue().entrySet()) {
                Double v = number(e.getValue());
                if (v == null) {
                    continue;
                }
                MetricName n = e.getKey();
                String type = n.name().endsWith("-total") ? "counter" : "gauge";
                String help = n.description() == null || n.description().isBlank()
                        ? n.group() + " " + n.name()
                        : n.description();
                sample(family.getKey(), type, help, n.tags(), v);
            }
        }
        return this;
    }

    /** The numeric value of a metric, or null when it has none (a string gauge, or reading it failed). */
    static Double number(Metric m) {
        try {
            Object v = m.metricValue();
            return v instanceof Number num ? num.doubleValue() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A legal metric or label name: illegal characters become '_', a leading digit gets a '_' before it. */
    static String name(String raw) {
        String s = ILLEGAL.matcher(raw).replaceAll("_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
            String key = name(l.getKey());
            if (key.startsWith("__")) {
                key = key.substring(1);
            }
            sb.append(first ? "" : ",")
                    .append(key)
                    .append("=\"")
                    .append(escape(l.getValue()))
                    .append('"');
            first = false;
        }
        return sb.append('}').toString();
    }

    private static String escape(String v) {
        if (v == null) {
            return "";
        }
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String help(String h) {
        return h.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toUpperCase(Locale.ROOT);
    }

    String render() {
        StringBuilder sb = new StringBuilder(64 * 1024);
        for (Map.Entry<String, Family> e : families.entrySet()) {
            Family f = e.getValue();
            sb.append("# HELP ")
                    .append(e.getKey())
                    .append(' ')
                    .append(help(f.help()))
                    .append('\n');
            sb.append("# TYPE ").append(e.getKey()).append(' ').append(f.type()).append('\n');
            for (Map.Entry<String, Double> s : f.samples().entrySet()) {
                sb.append(e.getKey())
                        .append(s.getKey())
                        .append(' ')
                        .append(value(s.getValue()))
                        .append('\n');
            }
        }
        return sb.toString();
    }
}
