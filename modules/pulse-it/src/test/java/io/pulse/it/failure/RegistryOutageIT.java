package io.pulse.it.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.dev.registry.DevSchemaRegistryServer;
import io.pulse.dev.registry.KafkaSchemaStore;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schema registry goes away before any event arrives, so every event carries a schema id the service has not
 * cached: the events must wait (not go to the DLQ: an outage is not bad input), the stream thread must not overrun
 * {@code max.poll.interval.ms} while they wait, {@code /health/ready} must say why, and when the registry returns the
 * outputs must equal the truth. An id the reachable registry does not know is bad input and goes to the DLQ.
 */
@ExtendWith(FailureBroker.class)
class RegistryOutageIT {
    private static final int EVENTS = 1000;

    @Test
    void shouldHoldEventsWhileTheRegistryIsAwayAndProcessThemWhenItReturns(BrokerProcess broker) throws Exception {
        long seed = Scenario.seed();
        int port = FreePorts.next();
        String store = "_pulse_schemas_outage_" + Long.toString(System.currentTimeMillis(), 36);
        DevSchemaRegistryServer registry = DevSchemaRegistryServer.start(
                new KafkaSchemaStore(broker.clientProperties(), store), "127.0.0.1", port);
        try (Scenario s =
                new Scenario("registry", broker.bootstrapServers(), registry.url(), 0, Map.of(), seed, EVENTS)) {
            ServiceProcess service = s.service("pulse-0").start().awaitReady();
            s.awaitControlRead(Duration.ofMinutes(1));

            // When: the registry goes away, then the events come
            registry.close();
            long down = System.nanoTime();
            s.feeder.start(s.records, 500);

            // Then: not ready, and saying why
            String[] body = new String[1];
            Awaitility.await("/health/ready saying it waits for the registry")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Optional<HttpResponse<String>> r = service.get("/health/ready");
                        body[0] = r.map(HttpResponse::body).orElse(null);
                        return r.isPresent()
                                && r.get().statusCode() == 503
                                && r.get().body().contains("waiting for schema registry");
                    });
            Figures.record("registry outage", "/health/ready while waiting", "503 " + body[0]);
            // The wait is bounded: the decode step gives the record back and a new stream thread reads it again.
            service.process().awaitLine("(replacing the stream thread)", Duration.ofSeconds(60));
            s.feeder.awaitDone(Duration.ofMinutes(1));
            assertThat(endOffset(s, s.config.topicNames().dlq().name()))
                    .as("nothing in the DLQ during the outage")
                    .isZero();
            assertThat(service.isAlive()).isTrue();
            Duration outage = Duration.ofNanos(System.nanoTime() - down);

            // When: the registry returns on the same port and store
            registry = DevSchemaRegistryServer.start(
                    new KafkaSchemaStore(broker.clientProperties(), store), "127.0.0.1", port);
            long back = System.nanoTime();
            Verdict verdict = s.awaitVerdict(Duration.ofMinutes(2));
            Figures.record("registry outage", "outage length", outage);
            Figures.record(
                    "registry outage",
                    "registry back to every required final",
                    Duration.ofNanos(System.nanoTime() - back));
            Figures.record(
                    "registry outage",
                    "stream threads replaced while waiting",
                    String.valueOf(service.output()
                            .lines()
                            .filter(l -> l.contains("replacing the stream thread"))
                            .count()));

            // Then: none in the DLQ, ready again, no poll-interval overrun (and every event counted once: below)
            assertThat(s.outputs().poll().dlq).as("an outage is not bad input").isEmpty();
            Awaitility.await("ready again")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> service.get("/health/ready")
                            .map(r -> r.statusCode() == 200)
                            .orElse(false));
            assertThat(service.output())
                    .doesNotContain("max.poll.interval.ms")
                    .doesNotContain("poll timeout has expired");

            // And: an id the reachable registry does not know is bad input
            String topic = Topics.eventTopic(s.settings.topicPrefix(), EventType.CLICK);
            byte[] unknown = ByteBuffer.allocate(13)
                    .put((byte) 0)
                    .putInt(424_242)
                    .putLong(7L)
                    .array();
            s.feeder.sendNow(
                    List.of(new ProducerRecord<>(topic, "unknown-id".getBytes(StandardCharsets.UTF_8), unknown)));
            Awaitility.await("the unknown id in the DLQ")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> !s.outputs().poll().dlq.isEmpty());
            assertThat(s.outputs().dlq)
                    .singleElement()
                    .satisfies(o -> assertThat(o.value().getReason())
                            .contains("424242")
                            .containsIgnoringCase("unknown schema id"));
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        } finally {
            closeQuietly(registry);
        }
    }

    private static void closeQuietly(DevSchemaRegistryServer registry) {
        try {
            registry.close();
        } catch (RuntimeException alreadyClosed) {
            // closed by the test already
        }
    }

    /** The committed end of a topic (all partitions), read without the registry. */
    private static long endOffset(Scenario s, String topic) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.config.kafka().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            return c.endOffsets(parts).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }
}
