package io.pulse.streams;

import java.util.UUID;

/** Real Confluent-format serdes over a fresh in-memory registry scope. */
final class TestAvro {
    private TestAvro() {
    }

    static AvroSerdeFactory factory() {
        return RegistryAvroSerdes.inMemory("streams-test-" + UUID.randomUUID());
    }
}
