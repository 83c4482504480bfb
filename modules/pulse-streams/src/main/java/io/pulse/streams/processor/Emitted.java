package io.pulse.streams.processor;

/** One output of the aggregator, tagged with the topic it is bound for; the topology splits on the tag. */
public record Emitted(Kind kind, Object value) {
    /** Which output topic a record goes to. */
    public enum Kind { KPI_VALUE, KPI_FINAL, LATE, SCORECARD, ALERT }
}
