package io.pulse.streams;

import java.util.UUID;

/** Real Confluent-format serdes over a fresh in-memory registry scope. */
public final class TestAvro {
    private TestAvro() {}

    public static AvroSerdeFactory factory() {
        return RegistryAvroSerdes.inMemory("streams-test-" + UUID.randomUUID());
    }
}
