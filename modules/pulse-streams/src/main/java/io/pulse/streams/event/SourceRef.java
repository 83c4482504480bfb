package io.pulse.streams.event;

/** Where a record was read from, carried along so late and rejected records can point at their original. */
public record SourceRef(String topic, int partition, long offset) {
    public static final SourceRef UNKNOWN = new SourceRef("", -1, -1);
}
