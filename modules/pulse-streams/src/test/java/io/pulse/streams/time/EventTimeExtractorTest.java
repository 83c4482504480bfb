package io.pulse.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.events.ClickEvent;
import io.pulse.streams.TestAvro;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {
    private final EventTimeExtractor extractor = new EventTimeExtractor();

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>(
                "pulse.events.click",
                0,
                0,
                timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                0,
                null,
                value,
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReadOccurredAtFromTheWireFormatWithoutARegistry() {
        // Given a click that happened on 2026-03-29 but was sent now
        Instant at = Instant.parse("2026-03-29T01:59:59.123Z");
        Serializer<ClickEvent> ser = (Serializer<ClickEvent>)
                (Serializer<?>) TestAvro.factory().valueSerde(ClickEvent.class).serializer();
        byte[] bytes = ser.serialize(
                "pulse.events.click",
                ClickEvent.newBuilder()
                        .setEventId("k-with-a-long-id-" + "x".repeat(90))
                        .setOccurredAt(at)
                        .setCampaignId("c-1")
                        .build());

        // When / Then its Kafka Streams timestamp is the event time, not the send time
        assertThat(extractor.extract(record(bytes, 1_800_000_000_000L), 0)).isEqualTo(at.toEpochMilli());
    }

    @Test
    void shouldKeepTheRecordTimestampForWhatIsNotAnEvent() {
        assertThat(extractor.extract(record("not avro".getBytes(), 42L), 0)).isEqualTo(42L);
        assertThat(extractor.extract(record(null, 43L), 0)).isEqualTo(43L);
        assertThat(extractor.extract(record(new byte[] {0, 0, 0, 0, 1, (byte) 0xFF}, 44L), 0))
                .isEqualTo(44L);
        assertThat(extractor.extract(record(new byte[] {0, 0, 0, 0, 1, 2, 'a', (byte) 0xFF, (byte) 0xFF}, -1L), 45L))
                .isEqualTo(45L);
    }
}
