package io.pulse.io.topics;

import io.pulse.streams.AvroSerdeFactory;
import io.pulse.streams.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for a {@link Topics} that is only asked for names (creating topics, checking that they exist): they refuse
 * to serialize or deserialize, so such a registry cannot be mistaken for one that reads or writes records.
 *
 * <pre>{@code
 * List<PlannedTopic> plan = TopicPlanner.plan(NameOnlySerdes.topics("pulse."), TopicSettings.defaults());
 * }</pre>
 */
public final class NameOnlySerdes implements AvroSerdeFactory {
    private NameOnlySerdes() {}

    /** Pulse's topics under {@code prefix}, for their names. */
    public static Topics topics(String prefix) {
        return new Topics(prefix, new NameOnlySerdes());
    }

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        String refusal = "this Topics is for names only; build it with a schema registry's serdes to write or read "
                + type.getSimpleName();
        return Serdes.serdeFrom(
                (topic, value) -> {
                    throw new UnsupportedOperationException(refusal);
                },
                (topic, bytes) -> {
                    throw new UnsupportedOperationException(refusal);
                });
    }
}
