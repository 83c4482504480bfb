package io.pulse.streams.processor;

import io.pulse.avro.outputs.RejectedRecord;

/**
 * What a validator (of events, plans or directory entries) makes of one input record: the valid datum in its core
 * form, or a rejection for the dead-letter topic. The topology and the reading task match on the two cases.
 *
 * @param <T> the core form of the datum
 */
public sealed interface Validated<T> permits Validated.Valid, Validated.Rejected {

    /** A valid datum; {@code null} for a tombstone that deletes one (plans and directory). */
    record Valid<T>(T value) implements Validated<T> {}

    /** An input record that failed, with its original key bytes (the DLQ keeps them) and why. */
    record Rejected<T>(byte[] originalKey, RejectedRecord record) implements Validated<T> {}
}
