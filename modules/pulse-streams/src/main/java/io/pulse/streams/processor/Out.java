package io.pulse.streams.processor;

import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.streams.state.Routed;
import io.pulse.streams.state.ScopeInput;

/**
 * What the reading task and the aggregator emit, one type per destination; the topology splits on the type
 * and sends each to its topic. The record key travels beside it, except for the dead-letter topic, which keeps
 * the original key bytes.
 */
public sealed interface Out {
    /** A rejected input record, for the dead-letter topic. */
    record Dlq(byte[] originalKey, RejectedRecord record) implements Out {}

    /** An event (or a delta) whose window had closed, for the late topic. */
    record Late(RejectedRecord record) implements Out {}

    /** For the by-eventId topic: an event on its way home, or a reading task's progress. */
    record ById(Routed routed) implements Out {}

    /** For the aggregator that owns a scope: a delta or a watermark tick. */
    record ToScope(ScopeInput input) implements Out {}

    /** A live KPI value. */
    record Value(KpiValue value) implements Out {}

    /** A final KPI value. */
    record Final(KpiValue value) implements Out {}

    /** A scorecard, live or final. */
    record Card(Scorecard scorecard) implements Out {}

    /** An alert. */
    record Notice(Alert alert) implements Out {}
}
