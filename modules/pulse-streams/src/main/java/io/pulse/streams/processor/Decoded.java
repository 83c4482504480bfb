package io.pulse.streams.processor;

import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.streams.event.PulseEvent;

/** The outcome of decoding one input record: either a valid event, or a rejection bound for the DLQ. */
public record Decoded(PulseEvent event, byte[] originalKey, RejectedRecord rejected) {
    public static Decoded ok(PulseEvent event) {
        return new Decoded(event, null, null);
    }

    public static Decoded rejected(byte[] originalKey, RejectedRecord rejected) {
        return new Decoded(null, originalKey, rejected);
    }

    public boolean isRejected() {
        return rejected != null;
    }
}
