package io.pulse.it.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage on every input topic, between good events: random bytes, truncated Avro, an unknown schema id, a known id
 * of another event type, empty and null values, a value near the broker's size limit, null keys, and well-formed
 * events that break a rule (currency, score). Every piece lands in the DLQ with its bytes and a reason, the service
 * never stops, and the good events around them are counted exactly.
 */
@ExtendWith(FailureBroker.class)
class GarbageIT {
    private static final int EVENTS = 1500;

    @Test
    void shouldRejectEveryPieceOfGarbageAndCountTheEventsAroundIt(BrokerProcess broker) throws Exception {
        long seed = Scenario.seed();
        Random random = new Random(seed);
        try (Scenario s = new Scenario("garbage", broker, 0, seed, EVENTS)) {
            ServiceProcess service = s.service("pulse-0").start().awaitReady();
            // The directory applies from when it is read (SPEC §9): the truth needs it read before the events.
            s.awaitControlRead(Duration.ofMinutes(1));
            // Good events with no key count like any other: the key is the producer's business.
            List<ProducerRecord<byte[], byte[]>> good = new ArrayList<>();
            for (int i = 0; i < s.records.size(); i++) {
                ProducerRecord<byte[], byte[]> r = s.records.get(i);
                good.add(i % 40 == 0 ? new ProducerRecord<>(r.topic(), null, r.timestamp(), null, r.value()) : r);
            }
            List<ProducerRecord<byte[], byte[]>> garbage = garbage(s, random);
            s.feeder.start(good, 500);
            int third = garbage.size() / 3;
            for (int part = 0; part < 3; part++) {
                int at = good.size() * (part + 1) / 4;
                Awaitility.await()
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> s.feeder.sent() >= at);
                s.feeder.sendNow(garbage.subList(part * third, part == 2 ? garbage.size() : (part + 1) * third));
            }
            s.feeder.awaitDone(Duration.ofMinutes(3));

            Verdict verdict = s.awaitVerdict(Duration.ofMinutes(2));
            Outputs out = s.outputs();
            try {
                Awaitility.await("every piece of garbage in the DLQ")
                        .atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> out.poll().dlq.size() >= garbage.size());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(
                        out.dlq.size() + " of " + garbage.size() + " pieces of garbage in the DLQ; reasons: "
                                + out.dlq.stream()
                                        .map(o -> o.value().getSourceTopic() + ": "
                                                + o.value().getReason())
                                        .toList(),
                        e);
            }

            assertThat(service.isAlive()).as("the service never stops").isTrue();
            assertThat(service.output()).doesNotContain("Kafka Streams stopped after an uncaught error");
            assertThat(out.dlq).as("one DLQ record per piece of garbage").hasSize(garbage.size());
            Map<String, Integer> byTopic = new HashMap<>();
            for (Outputs.Out<RejectedRecord> o : out.dlq) {
                RejectedRecord r = o.value();
                assertThat(r.getReason())
                        .as("reason of " + r.getSourceTopic() + "@" + r.getOffset())
                        .isNotBlank();
                assertThat(r.getSourceTopic()).startsWith(s.settings.topicPrefix() + "events.");
                assertThat(r.getOffset()).isNotNegative();
                byTopic.merge(r.getSourceTopic(), 1, Integer::sum);
            }
            assertThat(byTopic).as("garbage rejected on every input topic").hasSize(EventType.values().length);
            // The original bytes travel with the reason, so the record can be repaired and replayed.
            List<String> sentValues = garbage.stream()
                    .map(r -> r.value() == null ? "null" : Arrays.toString(digest(r.value())))
                    .sorted()
                    .toList();
            List<String> dlqValues = out.dlq.stream()
                    .map(o -> o.value().getValue() == null
                            ? "null"
                            : Arrays.toString(digest(bytes(o.value().getValue()))))
                    .sorted()
                    .toList();
            assertThat(dlqValues).isEqualTo(sentValues);
            out.dlq.stream()
                    .limit(1000)
                    .map(o -> o.value().getReason())
                    .distinct()
                    .sorted()
                    .forEach(reason -> Figures.record(
                            "garbage",
                            "DLQ reason",
                            reason.length() > 160 ? reason.substring(0, 160) + "..." : reason));
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        }
    }

    /** Every kind of garbage on every input topic. */
    private static List<ProducerRecord<byte[], byte[]>> garbage(Scenario s, Random random) {
        String prefix = s.settings.topicPrefix();
        Instant at = s.workload.events().get(s.workload.events().size() / 2).occurredAt();
        Map<EventType, byte[]> valid = new HashMap<>();
        for (EventType type : EventType.values()) {
            InputEvent e = EventJson.parse(sample(type, at));
            String topic = Topics.eventTopic(prefix, type);
            valid.put(type, s.feeder.serializer(e.value()).serialize(topic, e.value()));
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        EventType[] types = EventType.values();
        for (int i = 0; i < types.length; i++) {
            EventType type = types[i];
            String topic = Topics.eventTopic(prefix, type);
            byte[] key = ("garbage-" + type.id()).getBytes(StandardCharsets.UTF_8);
            byte[] randomBytes = new byte[20 + random.nextInt(200)];
            random.nextBytes(randomBytes);
            out.add(new ProducerRecord<>(topic, key, randomBytes));
            byte[] ok = valid.get(type);
            out.add(new ProducerRecord<>(topic, key, Arrays.copyOf(ok, ok.length / 2)));
            byte[] unknownId = ByteBuffer.allocate(5 + 8)
                    .put((byte) 0)
                    .putInt(987_654)
                    .putLong(random.nextLong())
                    .array();
            out.add(new ProducerRecord<>(topic, key, unknownId));
            out.add(new ProducerRecord<>(topic, key, valid.get(types[(i + 1) % types.length])));
            out.add(new ProducerRecord<>(topic, key, new byte[0]));
            out.add(new ProducerRecord<>(topic, key, null));
            out.add(new ProducerRecord<>(topic, null, randomBytes.clone()));
        }
        // Near the broker's 1 MB limit, on two topics (it costs the broker and the DLQ a megabyte each).
        for (EventType type : List.of(EventType.ORDER, EventType.CLICK)) {
            byte[] big = new byte[900 * 1024];
            random.nextBytes(big);
            big[0] = 0;
            out.add(new ProducerRecord<>(Topics.eventTopic(prefix, type), null, big));
        }
        // Well-formed Avro that breaks a rule.
        out.add(encoded(
                s,
                "{\"type\":\"order\",\"eventId\":\"bad-currency\",\"occurredAt\":\"" + at
                        + "\",\"customerId\":\"cu-1\",\"revenue\":10.00,\"currency\":\"USD\"}"));
        out.add(encoded(s, "{\"type\":\"nps\",\"eventId\":\"bad-score\",\"occurredAt\":\"" + at + "\",\"score\":11}"));
        out.add(encoded(
                s,
                "{\"type\":\"spend\",\"eventId\":\"bad-amount\",\"occurredAt\":\"" + at
                        + "\",\"campaignId\":\"c-1\",\"amount\":-5.00}"));
        return out;
    }

    private static ProducerRecord<byte[], byte[]> encoded(Scenario s, String json) {
        InputEvent e;
        try {
            e = EventJson.parse(json);
        } catch (RuntimeException invalidInJson) {
            throw new IllegalStateException(
                    "the test's rule-breaking event must be valid JSON-lines: " + json, invalidInJson);
        }
        String topic = Topics.eventTopic(s.settings.topicPrefix(), e.type());
        return new ProducerRecord<>(
                topic,
                e.eventId().getBytes(StandardCharsets.UTF_8),
                s.feeder.serializer(e.value()).serialize(topic, e.value()));
    }

    /** A valid event of each type, to truncate and to put on the wrong topic. */
    private static String sample(EventType type, Instant at) {
        String head = "{\"type\":\"" + type.id() + "\",\"eventId\":\"sample-" + type.id() + "\",\"occurredAt\":\"" + at
                + "\"";
        return head
                + switch (type) {
                    case IMPRESSION, CLICK -> ",\"campaignId\":\"c-1\",\"cost\":1.50}";
                    case SPEND -> ",\"campaignId\":\"c-1\",\"amount\":100.00}";
                    case SESSION -> ",\"campaignId\":\"c-1\",\"bounced\":true}";
                    case LEAD -> ",\"employeeId\":\"e-1\",\"qualified\":true}";
                    case ORDER -> ",\"customerId\":\"cu-1\",\"revenue\":120.50,\"employeeId\":\"e-1\"}";
                    case REFUND -> ",\"amount\":20.00}";
                    case TICKET -> ",\"ticketId\":\"t-1\",\"status\":\"opened\"}";
                    case NPS -> ",\"score\":9}";
                };
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static byte[] digest(byte[] value) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(value);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
