package io.pulse.it.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.pulse.io.topics.TopicNames;
import io.pulse.streams.AvroSerdeFactory;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * {@code topics create} (pulse-app's {@link TopicNames}) must make every topic the topology
 * (pulse-streams' {@link Topics}) reads or writes: a missing source topic stops the Streams app,
 * since the broker does not create topics on its own.
 */
class TopicNamesMatchStreamsTest {

    @Test
    void shouldNameExactlyTheTopicsTheTopologyUses() {
        // Given
        String prefix = "acme.";

        // When
        Topics topology = new Topics(prefix, new NamesOnly());
        List<String> used = new ArrayList<>(topology.inputTopicNames());
        used.addAll(topology.outputTopicNames());

        // Then
        assertThat(new TopicNames(prefix).all()).containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void shouldKnowTheSameEventTypes() {
        assertThat(TopicNames.EVENT_TYPES)
                .containsExactlyElementsOf(Arrays.stream(EventType.values()).map(EventType::id).toList());
    }

    /** Only names are compared here: every value serde is a placeholder. */
    private static final class NamesOnly implements AvroSerdeFactory {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
            return (Serde<T>) (Serde<?>) Serdes.ByteArray();
        }
    }
}
